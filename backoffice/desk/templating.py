"""Jinja2 templates of the desk, with the user's language and CSRF token available to every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from backoffice.desk.i18n import translator
from backoffice.security.csrf import csrf_token

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    lang = request.session.get("lang", "zh")
    return templates.TemplateResponse(
        request, name,
        {"t": translator(lang), "lang": lang, "csrf": csrf_token(request.session), **context},
        status_code=status_code,
    )
