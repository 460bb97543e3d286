"""What the agent workspace shows, built once for the page, the actions' replies and the
live feed: the state bar, the call panel (offer + screen pop, conversation, wrap-up) and
the supervisors' notices. Each part has a signature that changes exactly when the part
must be redrawn."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Agent, Plan, Skill
from backoffice.services.desk_calls import (
    DISPOSITIONS,
    TALKING,
    WRAP_UP,
    CurrentCall,
    current_call,
    summary_of,
)
from backoffice.services.desk_notices import active_notices
from backoffice.services.desk_screen_pop import screen_pop
from backoffice.services.desk_states import BREAK_REASONS
from backoffice.services.desk_tickets import task_rows
from backoffice.services.desk_transfers import MIN_CALLBACK_DELAY
from backoffice.services.self_service import CHANGES
from backoffice.services.tickets import TICKET_TYPES

CALLBACK_DEFAULT_DELAY = timedelta(minutes=30)


def state_signature(agent: Agent) -> str:
    return f"{agent.state}|{agent.state_reason}|{agent.state_since.isoformat()}"


def state_bar_context(agent: Agent) -> dict[str, Any]:
    return {"agent": agent, "sig": state_signature(agent), "break_reasons": BREAK_REASONS,
            "busy": agent.state in ("offered", "on_call")}


def call_panel_context(db: Session, request: Request, agent: Agent,
                       call: CurrentCall | None = None,
                       now: datetime | None = None) -> dict[str, Any]:
    settings = request.app.state.settings
    call = call or current_call(db, agent)
    context: dict[str, Any] = {"call": call, "entry": call.entry, "sig": call.signature,
                               "agent": agent}
    if call.entry is None:
        return context
    context["skill_names"] = skill_names(db)
    context["screen"] = screen_pop(db, call.entry, settings.today())
    context["summary"] = summary_of(db, call.entry.id, agent.id)
    if call.kind == TALKING:
        context.update(transfer_options(db, agent))
        context.update(
            ticket_types=TICKET_TYPES, changes=CHANGES,
            plans=list(db.scalars(select(Plan).order_by(Plan.monthly_fee_fen))),
            callback_default=_local_input_time(
                (now or datetime.now(ZoneInfo(settings.timezone))) + CALLBACK_DEFAULT_DELAY,
                settings.timezone),
            callback_min_minutes=int(MIN_CALLBACK_DELAY.total_seconds() // 60),
        )
    if call.kind == WRAP_UP:
        wrap_up_s = request.app.state.dispatcher.config.wrap_up_s
        context.update(dispositions=DISPOSITIONS,
                       wrap_until=agent.state_since + timedelta(seconds=wrap_up_s))
    return context


def skill_names(db: Session) -> dict[str, tuple[str, str]]:
    return {code: (zh, en) for code, zh, en in db.execute(
        select(Skill.code, Skill.name_zh, Skill.name_en))}


def transfer_options(db: Session, agent: Agent) -> dict[str, Any]:
    skills = list(db.scalars(select(Skill).order_by(Skill.id)))
    colleagues = list(db.scalars(select(Agent).where(
        Agent.role == "agent", Agent.active, Agent.id != agent.id,
        Agent.extension.is_not(None)).order_by(Agent.username)))
    return {"skills": skills, "colleagues": colleagues}


def _local_input_time(moment: datetime, timezone: str) -> str:
    """`datetime-local` input value in the operator's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def notices_context(db: Session, now: datetime) -> dict[str, Any]:
    notices = active_notices(db, now)
    return {"notices": notices, "sig": ",".join(str(n.id) for n in notices) or "none"}


def workspace_context(db: Session, request: Request, agent: Agent,
                      now: datetime) -> dict[str, Any]:
    return {"agent": agent, "state_bar": state_bar_context(agent),
            "panel": call_panel_context(db, request, agent, now=now),
            "notice_board": notices_context(db, now),
            "tasks": task_rows(db, agent, now)}  # tickets (issue 7): callbacks the agent owes
