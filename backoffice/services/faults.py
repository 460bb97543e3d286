"""Fault reports (障碍申告): a known incident in the caller's area answers the caller with the
unified reply (统一口径) instead of a duplicate ticket; otherwise a fault ticket is opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Incident, Line, Ticket
from backoffice.services.tickets import open_ticket

FAULT_CODES = ("no_dial_tone", "broadband", "tv", "other")


@dataclass(frozen=True)
class FaultOutcome:
    incident: Incident | None = None
    ticket: Ticket | None = None


def matching_incident(db: Session, area: str, now: datetime) -> Incident | None:
    """The most recent open incident of the area that has started."""
    return db.scalar(select(Incident).where(
        Incident.area == area, Incident.status == "open", Incident.started_at <= now,
    ).order_by(Incident.started_at.desc()).limit(1))


def report_fault(db: Session, line: Line, fault_code: str, channel: str, actor: str,
                 now: datetime) -> FaultOutcome:
    if fault_code not in FAULT_CODES:
        raise ValueError(f"unknown fault code {fault_code!r}")
    customer = line.account.customer
    incident = matching_incident(db, customer.area, now)
    if incident is not None:
        return FaultOutcome(incident=incident)
    ticket = open_ticket(
        db, type="fault", subtype=fault_code, summary=f"fault reported: {fault_code}",
        channel=channel, actor=actor, now=now, customer_id=customer.id, line_id=line.id,
        contact_number=line.number, department="network",
    )
    return FaultOutcome(ticket=ticket)
