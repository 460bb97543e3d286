"""Desk pages: agents land on their workspace, supervisors on the live view, everyone else
on a page of what their role may open."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from backoffice.db.base import utcnow
from backoffice.desk.auth import CurrentAgent
from backoffice.desk.refusals import DeskRoute
from backoffice.desk.templating import render
from backoffice.desk.workspace_view import workspace_context
from backoffice.services.desk_tickets import task_rows

router = APIRouter(prefix="/desk", tags=["desk"], include_in_schema=False, route_class=DeskRoute)


@router.get("/")
def home(request: Request, agent: CurrentAgent) -> Response:
    if agent.role == "agent":
        with request.app.state.session_factory() as db:
            return render(request, "workspace.html",
                          **workspace_context(db, request, agent, utcnow()))
    if agent.role == "supervisor":
        return RedirectResponse("/desk/supervisor", status_code=303)
    with request.app.state.session_factory() as db:  # tickets (issue 7): open tasks
        return render(request, "home.html", agent=agent, tasks=task_rows(db, agent, utcnow()))


root_router = APIRouter(include_in_schema=False)


@root_router.get("/")
def root() -> Response:
    return RedirectResponse("/desk/", status_code=303)
