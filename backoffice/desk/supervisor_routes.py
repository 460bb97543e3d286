"""The supervisor's live view (班长台): queues and agents, forcing an agent's state, and
notices pushed to every agent's desk."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from backoffice.acd.agent_states import AgentState
from backoffice.acd.switch_port import SwitchError
from backoffice.api.deps import WriteSessionDep
from backoffice.db.base import utcnow
from backoffice.desk import replies
from backoffice.desk.auth import SupervisorUser
from backoffice.desk.business_day import day_start
from backoffice.desk.routing import desk_router
from backoffice.desk.templating import render
from backoffice.services.desk_board import board
from backoffice.services.desk_notices import (
    LEVELS,
    LIFETIMES_MIN,
    NoticeRefused,
    active_notices,
    post_notice,
    withdraw_notice,
)
from backoffice.services.desk_states import BREAK_REASONS, StateRefused, force_state

router = desk_router("/desk/supervisor")


def board_context(db: Session, request: Request) -> dict[str, Any]:
    now = utcnow()
    b = board(db, now, day_start(request))
    return {"board": b, "sig": str(hash(b.signature)), "break_reasons": BREAK_REASONS}


def notices_context(db: Session) -> dict[str, Any]:
    notices = active_notices(db, utcnow(), limit=20)
    return {"notices": notices, "sig": ",".join(str(n.id) for n in notices) or "none",
            "levels": LEVELS, "lifetimes": LIFETIMES_MIN}


@router.get("")
def supervisor_page(request: Request, agent: SupervisorUser) -> Response:
    with replies.fresh_session(request) as db:
        return render(request, "supervisor.html", agent=agent, page="supervisor",
                      board_view=board_context(db, request), notice_view=notices_context(db))


@router.post("/agents/{agent_id}/state")
def force(request: Request, agent: SupervisorUser, db: WriteSessionDep, agent_id: int,
          state: Annotated[str, Form(max_length=16)],
          reason: Annotated[str | None, Form(max_length=40)] = None) -> Response:
    try:
        changed = force_state(db, agent, agent_id, AgentState(state), reason, utcnow())
    except ValueError:
        return replies.refused(request, "bad_request", 422)
    except StateRefused as refusal:
        db.rollback()
        return replies.refused(request, refusal.code)
    db.commit()
    if changed.released_leg:
        try:
            request.app.state.switch.hangup(changed.released_leg, "ORIGINATOR_CANCEL")
        except SwitchError:
            pass
    return replies.message(request, "state_forced")


@router.post("/notices")
def notice(request: Request, agent: SupervisorUser, db: WriteSessionDep,
           text: Annotated[str, Form(max_length=500)],
           level: Annotated[str, Form(max_length=10)] = "info",
           minutes: Annotated[int, Form()] = 60) -> Response:
    try:
        post_notice(db, agent, text, level, minutes, utcnow())
    except NoticeRefused as refusal:
        return replies.refused(request, refusal.code, 422)
    db.commit()
    return _notice_list(request)


@router.post("/notices/{notice_id}/withdraw")
def withdraw(request: Request, agent: SupervisorUser, db: WriteSessionDep,
             notice_id: int) -> Response:
    withdraw_notice(db, agent, notice_id, utcnow())
    db.commit()
    return _notice_list(request)


def _notice_list(request: Request) -> Response:
    with replies.fresh_session(request) as db:
        return render(request, "_notice_list.html", v=notices_context(db))
