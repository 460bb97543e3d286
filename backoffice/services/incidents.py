"""Network incidents (outages): opened by operations, resolved when fixed.

While an incident is open, fault reports from its area get the unified reply (统一口径)
and are recorded as fault tickets linked to it (see ``faults``). Opening an incident also
links the area's fault tickets reported shortly before it started; resolving it closes
all its linked tickets with one unified reply and leaves their owners (or the agents'
pool) a callback task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from backoffice.db.models import Customer, Incident, Ticket
from backoffice.domain.ticket_workflow import RECEIVED
from backoffice.services.audit import audit
from backoffice.services.faults import link_to_incident
from backoffice.services.sla import SlaPolicy, default_policy
from backoffice.services.ticket_workflow import apply_action, system_actor

# The causes the IVR has prompts for (fs_scripts `IncidentCause`); "other" is said generically.
CAUSE_CODES = ("fiber_cut", "power", "equipment", "maintenance", "weather", "other")
OPEN, RESOLVED = "open", "resolved"
RESOLVE_ACTOR = "system:incident-resolved"


class IncidentNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Resolution:
    incident: Incident
    closed_tickets: list[str]  # numbers of the linked tickets this resolution closed


def open_incident(
    db: Session, *, area: str, cause_code: str, cause_zh: str, cause_en: str,
    started_at: datetime, expected_fix_at: datetime | None, actor: str,
    now: datetime | None = None, policy: SlaPolicy | None = None,
) -> Incident:
    """Open the incident and link the area's fault tickets still waiting (received) that
    were reported from `fault_link_window` before it started."""
    if cause_code not in CAUSE_CODES:
        raise ValueError(f"unknown cause code {cause_code!r}")
    if expected_fix_at is not None and expected_fix_at < started_at:
        raise ValueError("the expected fix cannot come before the incident started")
    incident = Incident(area=area, cause_code=cause_code, cause_zh=cause_zh, cause_en=cause_en,
                        status=OPEN, started_at=started_at, expected_fix_at=expected_fix_at,
                        created_by=actor)
    db.add(incident)
    db.flush()
    linked = link_recent_faults(db, incident, now or started_at, policy or default_policy())
    audit(db, actor, "incident_opened", "incident", str(incident.id), area=area,
          cause_code=cause_code, linked_tickets=linked)
    return incident


def link_recent_faults(db: Session, incident: Incident, now: datetime,
                       policy: SlaPolicy) -> list[str]:
    since = incident.started_at - policy.fault_link_window
    tickets = db.scalars(select(Ticket).join(Customer, Customer.id == Ticket.customer_id).where(
        Ticket.type == "fault", Ticket.status == RECEIVED, Customer.area == incident.area,
        Ticket.created_at >= since, Ticket.created_at <= now,
    ).order_by(Ticket.id)).all()
    return [link_to_incident(db, ticket, incident, now).number for ticket in tickets]


def unified_reply(incident: Incident) -> str:
    """The one reply every linked ticket closes with (zh, then en)."""
    return (f"故障已排除：{incident.cause_zh}。网络已恢复。\n"
            f"The outage is over: {incident.cause_en}. Service is restored.")


def resolve_incident(db: Session, incident_id: int, now: datetime, actor: str,
                     reply: str | None = None) -> Resolution:
    """Mark the incident resolved and close its linked tickets with one unified reply.
    Resolving a resolved incident keeps its first resolution and closes nothing more."""
    resolved = cast("CursorResult[Any]", db.execute(update(Incident).where(
        Incident.id == incident_id, Incident.status == OPEN,
    ).values(status=RESOLVED, resolved_at=now))).rowcount
    incident = db.get(Incident, incident_id, populate_existing=True)
    if incident is None:
        raise IncidentNotFound(incident_id)
    if not resolved:
        return Resolution(incident, [])
    text = (reply or "").strip() or unified_reply(incident)
    linked = db.scalars(select(Ticket).where(Ticket.incident_id == incident_id,
                                             Ticket.status == "linked").order_by(Ticket.id)).all()
    closer = system_actor(RESOLVE_ACTOR)
    closed = [apply_action(db, ticket, "incident_resolved", closer, now, resolution=text,
                           note=f"incident {incident_id} resolved").number for ticket in linked]
    audit(db, actor, "incident_resolved", "incident", str(incident_id), closed_tickets=closed)
    return Resolution(incident, closed)
