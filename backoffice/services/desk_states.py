"""Agent state changes made from the desk: by the agent themself, or forced by a supervisor.

The ACD moves agents between offered, on-call and wrap-up; the desk only ever asks for the
three states a person chooses (available, break with a reason, logged out). Every change
goes through `agent_states.move`, so it is one conditional UPDATE and leaves history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.acd.agent_states import AgentState, can_move, move
from backoffice.db.models import Agent, QueueEntry
from backoffice.services.audit import audit

# Break reason codes (示忙原因) an agent picks from; the desk shows them translated.
BREAK_REASONS = ("rest", "meal", "training", "meeting", "coaching", "paperwork", "technical")
CHOOSABLE = (AgentState.AVAILABLE, AgentState.BREAK, AgentState.LOGGED_OUT)
BUSY = (AgentState.OFFERED, AgentState.ON_CALL)
FORCED_REASON = "supervisor"


class StateRefused(Exception):
    """The desk cannot make this change now. `code` is a stable key the desk translates."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class StateChanged:
    frm: AgentState
    to: AgentState
    # An offer that was ringing on the agent's desk went back to the queue: its agent leg
    # must be hung up on the switch (done by the caller, outside the transaction).
    released_leg: str | None = None


def _agent(db: Session, agent_id: int) -> Agent:
    agent = db.get(Agent, agent_id, populate_existing=True)
    if agent is None or not agent.active:
        raise StateRefused("unknown_agent")
    return agent


def set_own_state(db: Session, agent_id: int, to: AgentState, reason: str | None,
                  now: datetime) -> StateChanged:
    """The agent pressed Available, Break (with a reason code) or Log out on the desk.

    Refused while a call rings or is in progress: those states end through the call.
    Going available also counts as a desk heartbeat.
    """
    if to not in CHOOSABLE:
        raise StateRefused("not_choosable")
    if to == AgentState.BREAK and reason not in BREAK_REASONS:
        raise StateRefused("bad_reason")
    agent = _agent(db, agent_id)
    current = AgentState(agent.state)
    if current in BUSY:
        raise StateRefused("busy")
    if not can_move(current, to):
        raise StateRefused("not_allowed")
    if current == to and to != AgentState.BREAK:
        return StateChanged(current, to)
    if not move(db, agent_id, current, to, now,
                reason if to == AgentState.BREAK else "desk"):
        raise StateRefused("changed_meanwhile")
    if to == AgentState.AVAILABLE:
        db.execute(update(Agent).where(Agent.id == agent_id)
                   .values(desk_seen_at=now, missed_offers=0))
    return StateChanged(current, to)


def _release_offer(db: Session, agent_id: int) -> str | None:
    """A call ringing on this agent goes back to the queue (keeping its place)."""
    leg = None
    for entry in db.scalars(select(QueueEntry).where(
            QueueEntry.status == "offered", QueueEntry.offered_agent_id == agent_id)):
        leg = entry.agent_leg_uuid or leg
        entry.status, entry.offered_agent_id, entry.offered_at = "waiting", None, None
        entry.agent_leg_uuid = None
    return leg


def sign_off(db: Session, agent_id: int, now: datetime) -> StateChanged | None:
    """The agent signed out of the desk: logged out of the queue, unless on a call (the
    call goes on and the desk heartbeat sweep takes the agent out afterwards)."""
    agent = db.get(Agent, agent_id, populate_existing=True)
    if agent is None:
        return None
    current = AgentState(agent.state)
    if current in (AgentState.ON_CALL, AgentState.LOGGED_OUT):
        return None
    leg = _release_offer(db, agent_id) if current == AgentState.OFFERED else None
    if not move(db, agent_id, current, AgentState.LOGGED_OUT, now, "signed_out"):
        return None
    db.execute(update(Agent).where(Agent.id == agent_id).values(desk_seen_at=None))
    return StateChanged(current, AgentState.LOGGED_OUT, leg)


def force_state(db: Session, supervisor: Agent, agent_id: int, to: AgentState,
                reason: str | None, now: datetime) -> StateChanged:
    """A supervisor sets another agent's state (or logs them out); audited.

    A ringing offer goes back to the queue; an agent in a conversation cannot be moved
    (the caller would be left with nobody).
    """
    if to not in CHOOSABLE:
        raise StateRefused("not_choosable")
    agent = _agent(db, agent_id)
    current = AgentState(agent.state)
    if current == AgentState.ON_CALL:
        raise StateRefused("on_call")
    if not can_move(current, to):
        raise StateRefused("not_allowed")
    code = FORCED_REASON if to != AgentState.AVAILABLE else "supervisor_ready"
    if to == AgentState.BREAK and reason in BREAK_REASONS:
        code = reason
    leg = _release_offer(db, agent_id) if current == AgentState.OFFERED else None
    if not move(db, agent_id, current, to, now, code):
        raise StateRefused("changed_meanwhile")
    if to == AgentState.LOGGED_OUT:
        db.execute(update(Agent).where(Agent.id == agent_id).values(desk_seen_at=None))
    audit(db, f"agent:{supervisor.username}", "agent_state_forced", "agent", str(agent_id),
          frm=str(current), to=str(to), reason=code)
    return StateChanged(current, to, leg)
