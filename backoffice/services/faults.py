"""Fault reports (障碍申告): a known incident in the caller's area answers the caller with the
unified reply (统一口径); otherwise a fault ticket is opened.

Under an incident the report is still recorded, once per line and incident, as a fault
ticket linked to it: when the incident is resolved, the caller is told with everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Incident, Line, Ticket
from backoffice.services.sla import SlaPolicy
from backoffice.services.ticket_workflow import apply_action, system_actor
from backoffice.services.tickets import open_ticket

FAULT_CODES = ("no_dial_tone", "broadband", "tv", "other")
LINK_ACTOR = "system:incident-link"


@dataclass(frozen=True)
class FaultOutcome:
    incident: Incident | None = None
    ticket: Ticket | None = None


def matching_incident(db: Session, area: str, now: datetime) -> Incident | None:
    """The most recent open incident of the area that has started."""
    return db.scalar(select(Incident).where(
        Incident.area == area, Incident.status == "open", Incident.started_at <= now,
    ).order_by(Incident.started_at.desc()).limit(1))


def linked_fault_of(db: Session, line_id: int, incident_id: int) -> Ticket | None:
    return db.scalar(select(Ticket).where(
        Ticket.type == "fault", Ticket.line_id == line_id, Ticket.incident_id == incident_id,
    ).order_by(Ticket.id).limit(1))


def link_to_incident(db: Session, ticket: Ticket, incident: Incident, now: datetime) -> Ticket:
    return apply_action(db, ticket, "link_incident", system_actor(LINK_ACTOR), now,
                        incident_id=incident.id,
                        note=f"incident {incident.id} in {incident.area}: {incident.cause_en}")


def report_fault(db: Session, line: Line, fault_code: str, channel: str, actor: str,
                 now: datetime, policy: SlaPolicy | None = None) -> FaultOutcome:
    if fault_code not in FAULT_CODES:
        raise ValueError(f"unknown fault code {fault_code!r}")
    customer = line.account.customer
    incident = matching_incident(db, customer.area, now)
    if incident is not None and linked_fault_of(db, line.id, incident.id) is not None:
        return FaultOutcome(incident=incident, ticket=linked_fault_of(db, line.id, incident.id))
    ticket = open_ticket(
        db, type="fault", subtype=fault_code, summary=f"fault reported: {fault_code}",
        channel=channel, actor=actor, now=now, customer_id=customer.id, line_id=line.id,
        contact_number=line.number, department="network", policy=policy,
    )
    if incident is None:
        return FaultOutcome(ticket=ticket)
    return FaultOutcome(incident=incident, ticket=link_to_incident(db, ticket, incident, now))
