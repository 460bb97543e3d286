"""Network incidents: operations open them, the IVR answers fault reports from them, and
resolving one closes the fault tickets linked to it with one unified reply."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from backoffice.api.problems import NotFound, Unprocessable
from backoffice.api.v1.auth import ReadIncidents, WriteIncidents
from backoffice.api.v1.deps import ReadSessionsDep, SettingsDep, WriteSessionsDep
from backoffice.api.v1.pagination import PageDep, fetch_page
from backoffice.api.v1.params import IncidentId
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.api.v1.schemas.incidents import (
    IncidentCreate,
    IncidentOut,
    IncidentResolutionOut,
    IncidentResolve,
)
from backoffice.db.base import utcnow
from backoffice.db.models import Incident
from backoffice.services.incident_queries import incidents_matching
from backoffice.services.incidents import IncidentNotFound, open_incident, resolve_incident
from backoffice.services.sla import SlaPolicy

router = APIRouter(tags=["incidents"])


@router.post("/incidents", status_code=201, response_model=IncidentOut,
             summary="Open an incident")
def create_incident(body: IncidentCreate, client: WriteIncidents, sessions: WriteSessionsDep,
                    settings: SettingsDep) -> IncidentOut:
    """From now on, fault reports from the area hear the cause and the expected fix (统一口径)
    and are recorded as fault tickets linked to the incident, once per line. The area's
    fault tickets still waiting that were reported shortly before the start are linked too."""
    now = utcnow()
    try:
        with sessions() as db, db.begin():
            incident = open_incident(
                db, area=body.area, cause_code=body.cause_code, cause_zh=body.cause_zh,
                cause_en=body.cause_en, started_at=body.started_at or now,
                expected_fix_at=body.expected_fix_at, actor=client.actor, now=now,
                policy=SlaPolicy.from_settings(settings))
            return IncidentOut.model_validate(incident)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from None


@router.get("/incidents", response_model=Page[IncidentOut],
            summary="List incidents, newest first")
def list_incidents(
    client: ReadIncidents, sessions: ReadSessionsDep, page: PageDep,
    area: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_-]{0,31}$",
                                      examples=["pudong"])] = None,
    status: Annotated[Literal["open", "resolved"] | None, Query()] = None,
) -> Page[IncidentOut]:
    with sessions() as db:
        rows, next_cursor = fetch_page(db, incidents_matching(area, status), Incident.id, page,
                                       newest_first=True)
        return Page(items=[IncidentOut.model_validate(i) for i in rows], next_cursor=next_cursor)


@router.get("/incidents/{incident_id}", response_model=IncidentOut, summary="An incident",
            responses=problems(404))
def get_incident(incident_id: IncidentId, client: ReadIncidents,
                 sessions: ReadSessionsDep) -> IncidentOut:
    with sessions() as db:
        incident = db.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"there is no incident {incident_id}")
        return IncidentOut.model_validate(incident)


@router.post("/incidents/{incident_id}/resolve", response_model=IncidentResolutionOut,
             summary="Resolve an incident", responses=problems(404))
def resolve(incident_id: IncidentId, client: WriteIncidents, sessions: WriteSessionsDep,
            body: IncidentResolve | None = None) -> IncidentResolutionOut:
    """Closes every fault ticket linked to the incident with one unified reply (the body's
    `reply`, or one made from the cause) and leaves each ticket's owner, or the agents' pool,
    a task to call the customer back. Fault reports from the area open tickets again.
    Resolving twice keeps the first resolution time and closes nothing more."""
    try:
        with sessions() as db, db.begin():
            outcome = resolve_incident(db, incident_id, utcnow(), client.actor,
                                       reply=body.reply if body else None)
            return IncidentResolutionOut(
                **IncidentOut.model_validate(outcome.incident).model_dump(),
                closed_tickets=outcome.closed_tickets)
    except IncidentNotFound:
        raise NotFound(f"there is no incident {incident_id}") from None
