"""The agent's own state: Available (or Ready after a call), Break with a reason, Log out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from starlette.responses import Response

from backoffice.acd.agent_states import AgentState
from backoffice.api.deps import WriteSessionDep
from backoffice.db.base import utcnow
from backoffice.desk import replies
from backoffice.desk.auth import AgentUser
from backoffice.desk.routing import desk_router
from backoffice.services.desk_states import StateRefused, set_own_state

router = desk_router()


@router.post("/state")
def change_state(request: Request, agent: AgentUser, db: WriteSessionDep,
                 state: Annotated[str, Form(max_length=16)],
                 reason: Annotated[str | None, Form(max_length=40)] = None) -> Response:
    try:
        set_own_state(db, agent.id, AgentState(state), reason, utcnow())
    except ValueError:
        return replies.refused(request, "bad_request", 422)
    except StateRefused as refusal:
        db.rollback()
        return replies.refused(request, refusal.code)
    db.commit()  # the change is kept in the agent's state history (AgentStateChange)
    return replies.state_bar(request, agent.id)
