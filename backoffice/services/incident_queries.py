"""Read models of network incidents."""

from __future__ import annotations

from sqlalchemy import Select, select

from backoffice.db.models import Incident


def incidents_matching(
    area: str | None = None, status: str | None = None,
) -> Select[tuple[Incident]]:
    stmt = select(Incident)
    if area is not None:
        stmt = stmt.where(Incident.area == area)
    if status is not None:
        stmt = stmt.where(Incident.status == status)
    return stmt
