"""Jinja2 templates of the desk, with the user's language, CSRF token and formatting helpers
(money, local times) available to every page and fragment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from backoffice.desk.i18n import translator
from backoffice.domain.money import format_money, to_yuan_str
from backoffice.security.csrf import csrf_token

Instant = datetime  # (the names `datetime`/`date` are taken by Formats' methods below)
Day = date
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
DEFAULT_TZ = "Asia/Shanghai"


def _from_iso(text: str) -> datetime | None:
    """Timestamps kept as text in JSON contexts (e.g. transfer notes) back to instants."""
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


templates.env.filters["fromiso"] = _from_iso


@dataclass(frozen=True)
class Formats:
    """How the desk writes money and times for one user (language) in the operator's zone."""

    lang: str
    tz: ZoneInfo

    def money(self, fen: int) -> str:
        return format_money(fen, "zh_CN" if self.lang == "zh" else "en")

    def yuan(self, fen: int) -> str:
        return to_yuan_str(fen)

    def time(self, moment: Instant | None) -> str:
        return moment.astimezone(self.tz).strftime("%H:%M:%S") if moment else ""

    def datetime(self, moment: Instant | None) -> str:
        return moment.astimezone(self.tz).strftime("%Y-%m-%d %H:%M") if moment else ""

    def date(self, day: Day | None) -> str:
        return day.isoformat() if day else ""

    def iso(self, moment: Instant | None) -> str:
        """Machine time for the page's own clocks (`data-since`)."""
        return moment.astimezone(UTC).isoformat() if moment else ""


def _context(request: Request) -> dict[str, Any]:
    lang = request.session.get("lang", "zh")
    settings = getattr(request.app.state, "settings", None)
    tz = ZoneInfo(getattr(settings, "timezone", DEFAULT_TZ))
    return {"request": request, "t": translator(lang), "lang": lang,
            "csrf": csrf_token(request.session), "fmt": Formats(lang, tz),
            "server_now": datetime.now(UTC).isoformat(), "now_utc": datetime.now(UTC)}


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    base = _context(request)
    base.pop("request")
    return templates.TemplateResponse(request, name, {**base, **context},
                                      status_code=status_code)


def render_fragment(request: Request, name: str, **context: Any) -> str:
    """A template rendered to text, for server-sent events."""
    return templates.get_template(name).render({**_context(request), **context})
