"""Lines (phone numbers): plan, features, and whether the PIN is set or locked."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.problems import NotFound
from backoffice.api.v1.auth import ReadCustomers
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep
from backoffice.api.v1.params import LineId
from backoffice.api.v1.schemas.common import problems
from backoffice.api.v1.schemas.customers import LineOut
from backoffice.services.customer_queries import line_with_plan

router = APIRouter(tags=["lines"])


@router.get("/lines/{line_id}", response_model=LineOut, summary="A line: plan and features",
            responses=problems(404))
def get_line(line_id: LineId, client: ReadCustomers, sessions: ReadSessionsDep,
             access: AccessLogDep) -> LineOut:
    with sessions() as db:
        line = line_with_plan(db, line_id)
        if line is None:
            raise NotFound(f"there is no line {line_id}")
        result = LineOut.of(line)
    access.read(client, "line_read", "line", str(line_id))
    return result
