"""Agent states and the moves between them; every change is kept for time-in-state reports."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.orm import Session

from backoffice.db.models import Agent, AgentStateChange


class AgentState(StrEnum):
    LOGGED_OUT = "logged_out"
    AVAILABLE = "available"
    BREAK = "break"
    OFFERED = "offered"  # ringing
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"


ALLOWED: dict[AgentState, set[AgentState]] = {
    AgentState.LOGGED_OUT: {AgentState.AVAILABLE, AgentState.BREAK},
    AgentState.AVAILABLE: {AgentState.OFFERED, AgentState.BREAK, AgentState.LOGGED_OUT},
    AgentState.BREAK: {AgentState.AVAILABLE, AgentState.LOGGED_OUT},
    AgentState.OFFERED: {AgentState.ON_CALL, AgentState.AVAILABLE, AgentState.BREAK,
                         AgentState.LOGGED_OUT},
    AgentState.ON_CALL: {AgentState.WRAP_UP, AgentState.LOGGED_OUT},
    AgentState.WRAP_UP: {AgentState.AVAILABLE, AgentState.BREAK, AgentState.LOGGED_OUT},
}


class StateChangeRefused(ValueError):
    def __init__(self, frm: str, to: str) -> None:
        super().__init__(f"an agent cannot go from {frm} to {to}")
        self.frm, self.to = frm, to


def can_move(frm: AgentState, to: AgentState) -> bool:
    return to == frm or to in ALLOWED[frm]


def move(db: Session, agent_id: int, frm: AgentState | set[AgentState], to: AgentState,
         now: datetime, reason: str | None = None) -> bool:
    """Move the agent only if it is still in `frm` (one conditional UPDATE: safe against a
    concurrent dispatcher). Returns whether it moved."""
    sources = {frm} if isinstance(frm, AgentState) else frm
    for source in sources:
        if not can_move(source, to):
            raise StateChangeRefused(str(source), str(to))
    moved = db.execute(
        update(Agent).where(Agent.id == agent_id, Agent.state.in_([str(s) for s in sources]))
        .values(state=str(to), state_reason=reason, state_since=now)
    ).rowcount == 1
    if moved:
        db.add(AgentStateChange(agent_id=agent_id, state=str(to), reason=reason, at=now))
    return moved
