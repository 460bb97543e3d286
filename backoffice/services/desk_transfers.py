"""Passing a caller on: to a skill queue, to a named agent, or to a callback later.

A transferred caller goes back into the queue with the highest priority (REQUIREMENTS §3.3),
and what is known so far travels with them: the IVR's context plus every agent's notes,
so the next agent does not ask again. The transferring agent's entry completes and the
agent goes to wrap-up. Switch commands (hold the caller, ring the named agent, drop the old
agent leg) are the router's job, after the transaction commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.acd.agent_states import AgentState, move
from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import SCHEDULED
from backoffice.db.models import Agent, QueueEntry, Skill
from backoffice.services.audit import audit
from backoffice.services.desk_calls import default_disposition, save_notes
from backoffice.services.lines import normalize_number
from backoffice.services.queue_intake import join_queue

TRANSFER_PRIORITY = 100  # the top of the IVR's range; the routing policy adds its own boost
MIN_CALLBACK_DELAY = timedelta(minutes=5)
MAX_CALLBACK_DELAY = timedelta(days=14)


class TransferRefused(Exception):
    """The transfer or callback cannot be made. `code` is a stable key the desk translates."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Transferred:
    new_entry_id: int
    call_uuid: str
    old_leg: str | None
    mode: str  # queued, night, offered
    target_extension: str | None = None  # set when a named agent must be rung


def carried_context(entry: QueueEntry, agent: Agent, notes: str, now: datetime,
                    to: str) -> dict[str, Any]:
    """The entry's context plus this agent's notes, appended to those of earlier agents."""
    context = dict(entry.context or {})
    context["agent_notes"] = [*context.get("agent_notes", []), {
        "agent": agent.display_name, "username": agent.username, "skill": entry.skill,
        "notes": notes, "at": now.isoformat(), "to": to,
    }]
    context["transferred_from"] = {"agent": agent.display_name, "username": agent.username,
                                   "skill": entry.skill, "entry_id": entry.id}
    return context


def _close_for_transfer(db: Session, entry: QueueEntry, agent: Agent, notes: str,
                        now: datetime, disposition: str) -> None:
    save_notes(db, entry, agent, notes, now)
    default_disposition(db, entry, agent, disposition, now)
    entry.status = "completed"
    entry.ended_at = now
    if not move(db, agent.id, AgentState.ON_CALL, AgentState.WRAP_UP, now, disposition):
        raise TransferRefused("not_on_call")


def transfer_to_skill(db: Session, entry: QueueEntry, agent: Agent, skill: str, notes: str,
                      queue_destination: str, config: AcdConfig, now: datetime) -> Transferred:
    if not db.scalar(select(Skill.id).where(Skill.code == skill)):
        raise TransferRefused("unknown_skill")
    context = carried_context(entry, agent, notes, now, f"skill:{skill}")
    old_leg = entry.agent_leg_uuid
    _close_for_transfer(db, entry, agent, notes, now, "transferred")
    joined = join_queue(db, call_uuid=entry.call_uuid, caller_number=entry.caller_number,
                        skill=skill, priority=TRANSFER_PRIORITY, context=context,
                        queue_destination=queue_destination, config=config, now=now,
                        transferred_from_agent_id=agent.id)
    if joined.entry is None:
        raise TransferRefused(joined.mode)
    audit(db, f"agent:{agent.username}", "call_transferred", "queue_entry", str(entry.id),
          to_skill=skill, new_entry=joined.entry.id)
    return Transferred(joined.entry.id, entry.call_uuid, old_leg, joined.mode)


def transfer_to_agent(db: Session, entry: QueueEntry, agent: Agent, username: str, notes: str,
                      queue_destination: str, config: AcdConfig, now: datetime) -> Transferred:
    """Offer the caller directly to a named colleague who is available right now; anyone
    else is refused at once (the agent can then choose a skill queue instead)."""
    target = db.scalar(select(Agent).where(Agent.username == username.strip(), Agent.active))
    if target is None or target.id == agent.id or target.extension is None:
        raise TransferRefused("unknown_agent")
    if target.state != str(AgentState.AVAILABLE):
        raise TransferRefused("agent_not_available")
    context = carried_context(entry, agent, notes, now, f"agent:{target.username}")
    old_leg = entry.agent_leg_uuid
    _close_for_transfer(db, entry, agent, notes, now, "transferred")
    joined = join_queue(db, call_uuid=entry.call_uuid, caller_number=entry.caller_number,
                        skill=entry.skill, priority=TRANSFER_PRIORITY, context=context,
                        queue_destination=queue_destination, config=config, now=now,
                        transferred_from_agent_id=agent.id)
    if joined.entry is None or joined.mode != "queued":
        raise TransferRefused("not_allowed")  # out of service hours: no direct offers
    if not move(db, target.id, AgentState.AVAILABLE, AgentState.OFFERED, now,
                f"entry:{joined.entry.id}"):
        raise TransferRefused("agent_not_available")
    joined.entry.status = "offered"
    joined.entry.offered_agent_id = target.id
    joined.entry.offered_at = now
    audit(db, f"agent:{agent.username}", "call_transferred", "queue_entry", str(entry.id),
          to_agent=target.username, new_entry=joined.entry.id)
    return Transferred(joined.entry.id, entry.call_uuid, old_leg, "offered", target.extension)


def record_agent_leg(db: Session, entry_id: int, leg: str) -> None:
    db.execute(update(QueueEntry).where(QueueEntry.id == entry_id).values(agent_leg_uuid=leg))


def undo_direct_offer(db: Session, entry_id: int, target_agent_id: int, now: datetime) -> None:
    """The named agent's phone could not be rung: the caller waits in the queue instead."""
    db.execute(update(QueueEntry).where(QueueEntry.id == entry_id, QueueEntry.status == "offered")
               .values(status="waiting", offered_agent_id=None, offered_at=None,
                       agent_leg_uuid=None))
    move(db, target_agent_id, AgentState.OFFERED, AgentState.BREAK, now, "unreachable")


def schedule_callback(db: Session, entry: QueueEntry, agent: Agent, number: str,
                      due: datetime, notes: str, now: datetime) -> QueueEntry:
    """Book a call back to the customer at `due` (e.g. once a fault is checked).

    The booking is a queue entry in state `scheduled` whose enqueue time is the due time;
    the dispatcher's `promote_scheduled_callbacks` turns it into a waiting callback when
    the time comes, and the dispatcher then rings a free agent and dials the customer.
    """
    digits = normalize_number(number)
    if not 5 <= len(digits) <= 20:
        raise TransferRefused("bad_number")
    if not now + MIN_CALLBACK_DELAY - timedelta(seconds=1) <= due <= now + MAX_CALLBACK_DELAY:
        raise TransferRefused("bad_time")
    context = carried_context(entry, agent, notes, now, "callback")
    booking = QueueEntry(
        call_uuid=f"callback-{uuid.uuid4()}", caller_number=entry.caller_number,
        skill=entry.skill, priority=entry.priority, vip_level=entry.vip_level,
        customer_id=entry.customer_id, line_id=entry.line_id, context=context,
        status=SCHEDULED, enqueued_at=due, callback_number=digits, callback_requested_at=now,
    )
    db.add(booking)
    save_notes(db, entry, agent, notes, now)
    default_disposition(db, entry, agent, "callback_scheduled", now)
    db.flush()
    audit(db, f"agent:{agent.username}", "callback_scheduled", "queue_entry", str(booking.id),
          due=due.isoformat(), from_entry=entry.id)
    return booking
