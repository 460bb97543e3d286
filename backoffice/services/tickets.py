"""Open tickets with readable numbers and record every event in their history.

The workflow per ticket type (complaint loop, SLA clocks) builds on this; here: intake.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backoffice.db.models import Ticket, TicketEvent
from backoffice.domain.ticket_numbers import make_ticket_number
from backoffice.services.audit import audit

TICKET_TYPES = ("service_order", "complaint", "fault", "suggestion", "appeal", "consultation")
CHANNELS = ("ivr", "agent", "api")
# First-cut SLA targets from the operator standards (REQUIREMENTS §5); the ticket
# workflow issue makes them a configurable table with a business calendar.
SLA = {"service_order": timedelta(hours=24), "fault": timedelta(hours=24),
       "complaint": timedelta(days=1), "suggestion": timedelta(days=7),
       "appeal": timedelta(days=7), "consultation": timedelta(days=1)}
MAX_NUMBER_ATTEMPTS = 5


def _day_start(day: date) -> datetime:
    from datetime import UTC, time

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
    status: str = "received", subtype: str | None = None, incident_id: int | None = None,
    contact_number: str | None = None, owner_agent_id: int | None = None,
    department: str | None = None, demand: str | None = None, resolution: str | None = None,
) -> Ticket:
    """Create a ticket with a fresh readable number; concurrent intakes retry on a clash."""
    if type not in TICKET_TYPES:
        raise ValueError(f"unknown ticket type {type!r}")
    for attempt in range(MAX_NUMBER_ATTEMPTS):
        number = next_ticket_number(db, now)
        if attempt:  # someone took the number meanwhile: step past the numbers in use
            number = make_ticket_number(int(number[6:11]) + attempt, now.date())
        ticket = Ticket(
            number=number, type=type, subtype=subtype, status=status, channel=channel,
            customer_id=customer_id, line_id=line_id, summary=summary, details=details,
            incident_id=incident_id, contact_number=contact_number,
            owner_agent_id=owner_agent_id, department=department, demand=demand,
            resolution=resolution, sla_deadline=now + SLA[type], created_at=now, updated_at=now,
            closed_at=now if status == "closed" else None,
        )
        try:
            with db.begin_nested():
                db.add(ticket)
                db.flush()
        except IntegrityError:
            continue
        db.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action="created",
                           to_status=status, note=summary))
        audit(db, actor, "ticket_created", "ticket", ticket.number, type=type, channel=channel)
        return ticket
    raise RuntimeError("could not allocate a ticket number")


def find_ticket(db: Session, number: str) -> Ticket | None:
    return db.scalar(select(Ticket).where(Ticket.number == number))
