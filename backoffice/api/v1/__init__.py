"""`/api/v1`: the integrator REST API. Every route needs an API key holding one scope.

The scope each operation needs is read off its dependencies and written into the OpenAPI
document (`x-required-scope` and the description), so the docs cannot drift from the code.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from backoffice.api.v1 import accounts, bills, cards, customers, incidents, lines, payments, tickets
from backoffice.api.v1 import reports as kpi_reports  # service indicator reports (issue 8)
from backoffice.api.v1 import staffing as staffing_routes  # Erlang C staffing (issue 8)
from backoffice.api.v1 import webhooks as outgoing_webhooks  # outgoing webhooks (issue 7)
from backoffice.api.v1.auth import API_PREFIX, required_scope_of
from backoffice.api.v1.schemas.common import problems

SCOPE_EXTENSION = "x-required-scope"


def _scopes(dependant: Dependant) -> list[str]:
    found = [s for s in [required_scope_of(dependant.call)] if s]
    for sub in dependant.dependencies:
        found.extend(_scopes(sub))
    return found


def document_scopes(module_router: APIRouter) -> None:
    """Write each route's scope into its OpenAPI operation; a route without one is a bug."""
    for route in module_router.routes:
        if not isinstance(route, APIRoute):
            continue
        scopes = _scopes(route.dependant)
        if len(scopes) != 1:
            raise RuntimeError(f"{route.path} must need exactly one API scope, found {scopes}")
        route.openapi_extra = {**(route.openapi_extra or {}), SCOPE_EXTENSION: scopes[0]}
        route.description = (f"{route.description}\n\n" if route.description else "") + \
            f"Requires the scope `{scopes[0]}`."


router = APIRouter(prefix=API_PREFIX, responses=problems(401, 403, 422))
for module in (customers, accounts, lines, bills, payments, cards, tickets, incidents):
    document_scopes(module.router)
    router.include_router(module.router)

# Outgoing webhooks (issue 7): endpoints and their delivery log.
document_scopes(outgoing_webhooks.router)
router.include_router(outgoing_webhooks.router)

# Erlang C staffing (issue 8): agents required per interval.
document_scopes(staffing_routes.router)
router.include_router(staffing_routes.router)

# Service indicator reports (issue 8): the desk's reports as JSON or CSV.
document_scopes(kpi_reports.router)
router.include_router(kpi_reports.router)
