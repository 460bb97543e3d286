"""Network incidents (outages): opened by operations, resolved when fixed.

While an incident is open, fault reports from its area get the unified reply (统一口径)
instead of a new ticket (see ``faults``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from backoffice.db.models import Incident
from backoffice.services.audit import audit

# The causes the IVR has prompts for (fs_scripts `IncidentCause`); "other" is said generically.
CAUSE_CODES = ("fiber_cut", "power", "equipment", "maintenance", "weather", "other")
OPEN, RESOLVED = "open", "resolved"


class IncidentNotFound(LookupError):
    pass


def open_incident(
    db: Session, *, area: str, cause_code: str, cause_zh: str, cause_en: str,
    started_at: datetime, expected_fix_at: datetime | None, actor: str,
) -> Incident:
    if cause_code not in CAUSE_CODES:
        raise ValueError(f"unknown cause code {cause_code!r}")
    if expected_fix_at is not None and expected_fix_at < started_at:
        raise ValueError("the expected fix cannot come before the incident started")
    incident = Incident(area=area, cause_code=cause_code, cause_zh=cause_zh, cause_en=cause_en,
                        status=OPEN, started_at=started_at, expected_fix_at=expected_fix_at,
                        created_by=actor)
    db.add(incident)
    db.flush()
    audit(db, actor, "incident_opened", "incident", str(incident.id), area=area,
          cause_code=cause_code)
    return incident


def resolve_incident(db: Session, incident_id: int, now: datetime, actor: str) -> Incident:
    """Mark the incident resolved; resolving a resolved incident keeps its first resolution."""
    resolved = cast("CursorResult[Any]", db.execute(update(Incident).where(
        Incident.id == incident_id, Incident.status == OPEN,
    ).values(status=RESOLVED, resolved_at=now))).rowcount
    incident = db.get(Incident, incident_id, populate_existing=True)
    if incident is None:
        raise IncidentNotFound(incident_id)
    if resolved:
        audit(db, actor, "incident_resolved", "incident", str(incident_id))
    return incident
