"""The agent's current call on the desk: which call it is, its notes and summary (电话小结),
and the end of the wrap-up. Transfers and callbacks live in `desk_transfers`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from backoffice.acd.agent_states import AgentState, move
from backoffice.db.models import Agent, CallSummary, QueueEntry

# Disposition codes (小结代码) for the call summary; the desk shows them translated.
DISPOSITIONS = ("resolved", "information_given", "ticket_opened", "payment_taken",
                "pin_reset", "line_changed", "transferred", "callback_scheduled",
                "complaint_recorded", "caller_silent", "other")
MAX_NOTES = 4000

IDLE, RINGING, TALKING, WRAP_UP = "idle", "ringing", "talking", "wrap_up"


class NotYourCall(Exception):
    """The call is not (or no longer) this agent's to act on. `code` is a stable key."""

    def __init__(self, code: str = "not_your_call") -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CurrentCall:
    kind: str  # idle, ringing, talking, wrap_up
    entry: QueueEntry | None = None

    @property
    def signature(self) -> str:
        return f"{self.kind}:{self.entry.id if self.entry else 0}"


def current_call(db: Session, agent: Agent) -> CurrentCall:
    """What the desk's call panel shows: a ringing offer, the conversation, the call being
    wrapped up, or nothing."""
    entry = db.scalar(select(QueueEntry).where(or_(
        and_(QueueEntry.status == "offered", QueueEntry.offered_agent_id == agent.id),
        and_(QueueEntry.status == "answered", QueueEntry.agent_id == agent.id),
    )).order_by(QueueEntry.id.desc()).limit(1))
    if entry is not None:
        return CurrentCall(RINGING if entry.status == "offered" else TALKING, entry)
    if agent.state == str(AgentState.WRAP_UP):
        last = db.scalar(select(QueueEntry).where(
            QueueEntry.agent_id == agent.id, QueueEntry.status == "completed")
            .order_by(QueueEntry.ended_at.desc(), QueueEntry.id.desc()).limit(1))
        if last is not None:
            return CurrentCall(WRAP_UP, last)
    return CurrentCall(IDLE)


def owned_entry(db: Session, agent: Agent, entry_id: int,
                kinds: tuple[str, ...] = (TALKING,)) -> QueueEntry:
    """The entry if it is the agent's current call in one of `kinds`, else NotYourCall."""
    call = current_call(db, agent)
    if call.entry is None or call.entry.id != entry_id:
        raise NotYourCall()
    if call.kind not in kinds:
        raise NotYourCall("not_now")
    return call.entry


def own_entry(db: Session, agent: Agent, entry_id: int) -> QueueEntry:
    """The agent's current conversation or wrap-up, or a call the agent finished earlier:
    notes and the summary may still be written after the wrap-up time ran out."""
    call = current_call(db, agent)
    if call.entry is not None and call.entry.id == entry_id and call.kind in (TALKING, WRAP_UP):
        return call.entry
    entry = db.get(QueueEntry, entry_id)
    if entry is None or entry.agent_id != agent.id or entry.status != "completed":
        raise NotYourCall()
    return entry


def summary_of(db: Session, entry_id: int, agent_id: int) -> CallSummary | None:
    return db.scalar(select(CallSummary).where(CallSummary.queue_entry_id == entry_id,
                                               CallSummary.agent_id == agent_id)
                     .order_by(CallSummary.id).limit(1))


def save_notes(db: Session, entry: QueueEntry, agent: Agent, notes: str,
               now: datetime) -> CallSummary:
    """Autosave of the notes box while the call goes on (and during wrap-up)."""
    summary = summary_of(db, entry.id, agent.id)
    if summary is None:
        summary = CallSummary(queue_entry_id=entry.id, agent_id=agent.id, notes="",
                              created_at=now)
        db.add(summary)
    summary.notes = notes[:MAX_NOTES]
    summary.updated_at = now
    db.flush()
    return summary


def save_summary(db: Session, entry: QueueEntry, agent: Agent, disposition: str, notes: str,
                 now: datetime) -> CallSummary:
    if disposition not in DISPOSITIONS:
        raise ValueError(f"unknown disposition {disposition!r}")
    summary = save_notes(db, entry, agent, notes, now)
    summary.disposition = disposition
    return summary


def default_disposition(db: Session, entry: QueueEntry, agent: Agent, disposition: str,
                        now: datetime) -> None:
    """Preset the disposition after an action that says it all (transfer, callback)."""
    summary = summary_of(db, entry.id, agent.id)
    if summary is None:
        summary = save_notes(db, entry, agent, "", now)
    if summary.disposition is None:
        summary.disposition = disposition


def finish_wrap_up(db: Session, agent: Agent, now: datetime) -> bool:
    """The agent pressed Ready: the wrap-up ends early and the agent takes calls again."""
    return move(db, agent.id, AgentState.WRAP_UP, AgentState.AVAILABLE, now, "ready")
