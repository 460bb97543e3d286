"""The desk's routers share one shape: under `/desk`, out of the API docs, friendly
refusals, and a CSRF check on every POST."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from backoffice.desk.auth import csrf_protect
from backoffice.desk.refusals import DeskRoute


def desk_router(prefix: str = "/desk") -> APIRouter:
    return APIRouter(prefix=prefix, tags=["desk"], include_in_schema=False,
                     route_class=DeskRoute, dependencies=[Depends(csrf_protect)])
