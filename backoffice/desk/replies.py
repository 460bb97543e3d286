"""Small helpers the desk's routes answer with: a message, a redrawn part of the workspace."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from backoffice.db.base import utcnow
from backoffice.db.models import Agent
from backoffice.desk.templating import render
from backoffice.desk.workspace_view import call_panel_context, state_bar_context


def message(request: Request, code: str, ok: bool = True, status_code: int = 200,
            **params: Any) -> Response:
    """A one-line, translated answer to an action (`msg_<code>` in the texts)."""
    return render(request, "_message.html", status_code=status_code, message=code, ok=ok,
                  params=params)


def refused(request: Request, code: str, status_code: int = 409) -> Response:
    return message(request, code, ok=False, status_code=status_code)


def fresh_session(request: Request) -> Session:
    """A new read session: sees what the action (and the dispatcher) just committed."""
    return request.app.state.session_factory()  # type: ignore[no-any-return]


def call_panel(request: Request, agent_id: int) -> Response:
    with fresh_session(request) as db:
        agent = db.get(Agent, agent_id)
        assert agent is not None
        return render(request, "_call_panel.html",
                      v=call_panel_context(db, request, agent, now=utcnow()))


def state_bar(request: Request, agent_id: int, status_code: int = 200) -> Response:
    with fresh_session(request) as db:
        agent = db.get(Agent, agent_id)
        assert agent is not None
        return render(request, "_state_bar.html", status_code=status_code,
                      v=state_bar_context(agent))
