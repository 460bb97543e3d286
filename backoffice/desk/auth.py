"""Desk login/logout and the dependencies that put every page behind a login and a role."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.responses import Response

from backoffice.api.deps import SessionDep, SettingsDep
from backoffice.db.models import Agent
from backoffice.desk.templating import render
from backoffice.security.csrf import csrf_ok
from backoffice.services.audit import audit

router = APIRouter(prefix="/desk", tags=["desk"], include_in_schema=False)

ROLES = ("agent", "qa", "supervisor", "department", "admin")


class LoginRequired(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=303, headers={"Location": "/desk/login"})


def current_agent(request: Request, db: SessionDep, settings: SettingsDep) -> Agent:
    agent_id = request.session.get("agent_id")
    login_at = request.session.get("login_at", 0)
    if not agent_id or datetime.now(UTC).timestamp() - login_at > settings.session_max_age_s:
        request.session.clear()
        raise LoginRequired()
    agent = db.get(Agent, agent_id)
    if agent is None or not agent.active:
        request.session.clear()
        raise LoginRequired()
    return agent


CurrentAgent = Annotated[Agent, Depends(current_agent)]


def require_roles(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency allowing only the given roles (admin is always allowed)."""

    def check(agent: CurrentAgent) -> Agent:
        if agent.role not in roles and agent.role != "admin":
            raise HTTPException(status_code=403, detail="your role may not open this page")
        return agent

    return Depends(check)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login")
def login(
    request: Request,
    db: SessionDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    from backoffice.security.passwords import verify_password

    if not csrf_ok(request.session, csrf):
        return render(request, "login.html", status_code=400, error="expired")
    agent = db.scalar(select(Agent).where(Agent.username == username.strip(), Agent.active))
    if not verify_password(password, agent.password_hash if agent else None) or agent is None:
        audit(db, f"desk:{username.strip()[:40]}", "login_failed", "agent", None)
        db.commit()
        return render(request, "login.html", status_code=401, error="bad_login", username=username)
    request.session.clear()
    request.session.update(
        agent_id=agent.id, login_at=datetime.now(UTC).timestamp(), lang=agent.language
    )
    audit(db, f"agent:{agent.username}", "login", "agent", str(agent.id))
    db.commit()
    return RedirectResponse("/desk/", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    if csrf_ok(request.session, csrf):
        request.session.clear()
    return RedirectResponse("/desk/login", status_code=303)


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str) -> Response:
    if lang in ("zh", "en"):
        request.session["lang"] = lang
    return RedirectResponse(request.headers.get("referer") or "/desk/", status_code=303)
