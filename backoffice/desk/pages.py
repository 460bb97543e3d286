"""Desk pages. The home page shows who is signed in; the agent workspace grows from here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from backoffice.desk.auth import CurrentAgent
from backoffice.desk.templating import render

router = APIRouter(prefix="/desk", tags=["desk"], include_in_schema=False)


@router.get("/")
def home(request: Request, agent: CurrentAgent) -> Response:
    return render(request, "home.html", agent=agent)


root_router = APIRouter(include_in_schema=False)


@root_router.get("/")
def root() -> Response:
    return RedirectResponse("/desk/", status_code=303)
