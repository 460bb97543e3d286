"""A caller joins the agent queue: where the switch should send them, and their entry.

Blacklisted numbers are refused politely; out of hours, or with nobody logged in, the caller
goes to night service (message and a booked callback) instead of waiting for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.acd.config import AcdConfig
from backoffice.db.models import Agent, Blacklist, QueueEntry, Skill
from backoffice.services import calls, lines

FALLBACK_SKILL = "general"


@dataclass(frozen=True)
class Joined:
    entry: QueueEntry | None
    destination: str
    mode: str  # queued, night, refused


def join_queue(db: Session, *, call_uuid: str, caller_number: str, skill: str, priority: int,
               context: dict[str, Any], queue_destination: str, config: AcdConfig,
               now: datetime, transferred_from_agent_id: int | None = None) -> Joined:
    number = lines.normalize_number(caller_number)
    if number and db.scalar(select(Blacklist.id).where(Blacklist.number == number)):
        return Joined(None, config.refused_destination, "refused")
    if not db.scalar(select(Skill.id).where(Skill.code == skill)):
        skill = FALLBACK_SKILL
    line = lines.find_line(db, number) if number else None
    customer = line.account.customer if line else None
    logged_in = db.scalar(select(func.count()).select_from(Agent).where(
        Agent.state != "logged_out", Agent.active)) or 0
    night = not config.is_open(now) or logged_in == 0
    entry = QueueEntry(
        call_uuid=call_uuid, caller_number=number, skill=skill, priority=priority,
        vip_level=customer.vip_level if customer else 0,
        customer_id=customer.id if customer else None, line_id=line.id if line else None,
        context=context, enqueued_at=now, transferred_from_agent_id=transferred_from_agent_id,
        callback_number=number if night and number else None,
        callback_requested_at=now if night and number else None,
    )
    db.add(entry)
    calls.upsert_call(db, call_uuid, number, line)
    db.flush()
    if night:
        return Joined(entry, config.night_destination, "night")
    return Joined(entry, queue_destination, "queued")
