"""Desk login/logout and the dependencies that put every page behind a login and a role."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.responses import Response

from backoffice.acd.switch_port import SwitchError
from backoffice.api.deps import SessionDep, SettingsDep, WriteSessionDep
from backoffice.db.base import utcnow
from backoffice.db.models import Agent
from backoffice.desk.refusals import DeskRefusal, DeskRoute
from backoffice.desk.templating import render
from backoffice.security.csrf import csrf_ok
from backoffice.services.audit import audit
from backoffice.services.desk_states import sign_off

router = APIRouter(prefix="/desk", tags=["desk"], include_in_schema=False, route_class=DeskRoute)

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
    """A dependency allowing only the given roles (admin is always allowed).

    On the desk's routes a refusal is a friendly 403 page; elsewhere a plain 403.
    """

    def check(agent: CurrentAgent) -> Agent:
        if agent.role not in roles and agent.role != "admin":
            raise DeskRefusal(403, "forbidden_role")
        return agent

    return Depends(check)


# The desk's roles, named once (REQUIREMENTS §1).
AgentUser = Annotated[Agent, require_roles("agent")]
SupervisorUser = Annotated[Agent, require_roles("supervisor")]
CustomerViewer = Annotated[Agent, require_roles("agent", "qa", "supervisor", "department")]


async def csrf_protect(request: Request) -> None:
    """Every POST on the desk carries the session's CSRF token, as the form field `csrf`
    or (for the desk's scripts) the `X-CSRF-Token` header."""
    if request.method != "POST":
        return
    submitted = request.headers.get("x-csrf-token")
    if submitted is None:
        form = await request.form()
        value = form.get("csrf")
        submitted = value if isinstance(value, str) else None
    if not csrf_ok(request.session, submitted):
        raise DeskRefusal(403, "expired")


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
    ok = verify_password(password, agent.password_hash if agent else None) and agent is not None
    who = (agent.id, agent.username, agent.language) if ok and agent is not None else None
    db.rollback()  # end the read; the audit row goes in a write transaction of its own
    if who is None:
        _audit_now(request, f"desk:{username.strip()[:40]}", "login_failed", None)
        return render(request, "login.html", status_code=401, error="bad_login", username=username)
    agent_id, agent_username, language = who
    request.session.clear()
    request.session.update(agent_id=agent_id, login_at=datetime.now(UTC).timestamp(),
                           lang=language)
    _audit_now(request, f"agent:{agent_username}", "login", str(agent_id))
    return RedirectResponse("/desk/", status_code=303)


def _audit_now(request: Request, actor: str, action: str, agent_id: str | None) -> None:
    """A write transaction of its own: the password check (slow on purpose) never holds
    the database's write lock, and a read snapshot is never upgraded to a write."""
    with request.app.state.write_session_factory() as db, db.begin():
        audit(db, actor, action, "agent", agent_id)


@router.post("/logout")
def logout(request: Request, db: WriteSessionDep, csrf: Annotated[str, Form()] = "") -> Response:
    """Signing out of the desk also logs the agent out of the queue (a ringing call goes
    back to the queue; a conversation in progress goes on)."""
    if csrf_ok(request.session, csrf):
        agent_id = request.session.get("agent_id")
        request.session.clear()
        changed = sign_off(db, agent_id, utcnow()) if agent_id else None
        db.commit()
        if changed is not None and changed.released_leg:
            try:
                request.app.state.switch.hangup(changed.released_leg, "ORIGINATOR_CANCEL")
            except SwitchError:
                pass  # the leg is gone already
    return RedirectResponse("/desk/login", status_code=303)


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str) -> Response:
    if lang in ("zh", "en"):
        request.session["lang"] = lang
    return RedirectResponse(request.headers.get("referer") or "/desk/", status_code=303)
