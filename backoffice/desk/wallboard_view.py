"""The wallboard's content and its live feed: redrawn only when what it shows changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.sse import ServerSentEvent
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.desk.business_day import day_start
from backoffice.desk.feeds import session_expired
from backoffice.desk.report_view import cell
from backoffice.desk.templating import render_fragment
from backoffice.kpi.live import wallboard
from backoffice.kpi.model import KpiSettings

POLL_S = 1.0
# Colours of the service level on the wall: green from 80 %, amber from 60 %, else red.
SL_GOOD, SL_FAIR = 0.8, 0.6


def level_class(service_level: float | None) -> str:
    if service_level is None:
        return "none"
    return "good" if service_level >= SL_GOOD else "fair" if service_level >= SL_FAIR else "poor"


def wallboard_context(db: Session, request: Request) -> dict[str, Any]:
    settings = KpiSettings.from_settings(request.app.state.settings)
    board = wallboard(db, day_start(request), utcnow(), settings)
    return {"wb": board, "sig": str(hash(board.signature)), "cell": cell,
            "level_class": level_class}


@dataclass
class WallboardFeed:
    """One open wallboard: `poll()` returns the redrawn board when it changed."""

    request: Request
    sent: str = ""
    finished: bool = False

    def poll(self) -> list[ServerSentEvent]:
        if session_expired(self.request, utcnow()):
            self.finished = True
            return [ServerSentEvent(event="expired", data="expired")]
        with self.request.app.state.session_factory() as db:
            context = wallboard_context(db, self.request)
        if context["sig"] == self.sent:
            return []
        self.sent = context["sig"]
        return [ServerSentEvent(event="wallboard", raw_data=render_fragment(
            self.request, "_wallboard.html", v=context))]
