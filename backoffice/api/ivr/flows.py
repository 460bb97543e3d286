"""The menu tree the switch runs, versioned so the IVR fetches it only when it changed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from backoffice.api.deps import SessionDep
from backoffice.api.ivr.schemas import FlowOut
from backoffice.api.problems import NotFound
from backoffice.services.flows import current_flow

router = APIRouter()


@router.get("/flows/{name}", response_model=FlowOut, responses={304: {"description": "unchanged"}},
            summary="The current menu tree")
def get_flow(
    db: SessionDep,
    name: Annotated[str, Path(max_length=32, pattern=r"^[a-z0-9_]+$")],
    known_version: Annotated[str | None, Query(max_length=64)] = None,
) -> FlowOut | Response:
    flow = current_flow(db, name)
    if flow is None:
        raise NotFound(f"no menu tree named {name!r}")
    if known_version == flow.version:
        return Response(status_code=304)
    return FlowOut(name=flow.name, version=flow.version, definition=flow.definition)
