"""Open tickets with readable numbers, their SLA deadlines from `sla_rules`, and the first
event of their history. What happens next is ``ticket_workflow``'s."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backoffice.db.models import Ticket, TicketEvent
from backoffice.domain.ticket_numbers import make_ticket_number
from backoffice.domain.ticket_workflow import CLOSED, FINAL_STATUSES, RECEIVED, TICKET_TYPES
from backoffice.services.audit import audit
from backoffice.services.sla import (
    SlaPolicy,
    area_kind_of_customer,
    default_policy,
    ticket_deadlines,
)
from backoffice.services.ticket_outbox import ticket_state_changed

__all__ = ["CHANNELS", "TICKET_TYPES", "find_ticket", "next_ticket_number", "open_ticket"]
CHANNELS = ("ivr", "agent", "api")
# Who fulfils a ticket when nobody named a department (QA assigns complaints later).
DEFAULT_DEPARTMENT = {"fault": "network", "service_order": "network"}
MAX_NUMBER_ATTEMPTS = 5


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def next_ticket_number(db: Session, created: datetime) -> str:
    """The day's next readable number (count of that day's tickets + 1)."""
    day = created.date()
    count = db.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.created_at >= _day_start(day), Ticket.created_at < _day_start(day + timedelta(1))))
    return make_ticket_number((count or 0) + 1, day)


def open_ticket(
    db: Session, *, type: str, summary: str, channel: str, actor: str, now: datetime,
    customer_id: int | None = None, line_id: int | None = None, details: str = "",
    status: str = RECEIVED, subtype: str | None = None, incident_id: int | None = None,
    contact_number: str | None = None, owner_agent_id: int | None = None,
    department: str | None = None, demand: str | None = None, resolution: str | None = None,
    area_kind: str | None = None, policy: SlaPolicy | None = None,
) -> Ticket:
    """Create a ticket with a fresh readable number and its SLA deadlines; concurrent intakes
    retry on a clash. A ticket created closed (a self-service change applied at once) was
    told to the customer on the spot."""
    if type not in TICKET_TYPES:
        raise ValueError(f"unknown ticket type {type!r}")
    if status not in (RECEIVED, CLOSED):
        raise ValueError("a ticket starts as received (or closed when done at once)")
    policy = policy or default_policy()
    if area_kind is None:
        area_kind = area_kind_of_customer(db, customer_id, policy)
    due = ticket_deadlines(db, type, subtype, area_kind, now, policy)
    department = department or DEFAULT_DEPARTMENT.get(type)
    done_at = now if status in FINAL_STATUSES else None
    for attempt in range(MAX_NUMBER_ATTEMPTS):
        number = next_ticket_number(db, now)
        if attempt:  # someone took the number meanwhile: step past the numbers in use
            number = make_ticket_number(int(number[6:11]) + attempt, now.date())
        ticket = Ticket(
            number=number, type=type, subtype=subtype, status=status, channel=channel,
            customer_id=customer_id, line_id=line_id, summary=summary, details=details,
            incident_id=incident_id, contact_number=contact_number,
            owner_agent_id=owner_agent_id, department=department, demand=demand,
            resolution=resolution, area_kind=area_kind, accept_deadline=due.accept,
            sla_deadline=due.resolve, created_at=now, updated_at=now, closed_at=done_at,
            customer_informed_at=done_at,
        )
        try:
            with db.begin_nested():
                db.add(ticket)
                db.flush()
        except IntegrityError:
            continue
        event = TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action="created",
                            to_status=status, note=summary)
        db.add(event)
        db.flush()
        audit(db, actor, "ticket_created", "ticket", ticket.number, type=type, channel=channel)
        ticket_state_changed(db, ticket, event)
        return ticket
    raise RuntimeError("could not allocate a ticket number")


def find_ticket(db: Session, number: str) -> Ticket | None:
    return db.scalar(select(Ticket).where(Ticket.number == number))
