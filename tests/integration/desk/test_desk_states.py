"""The agent's own state from the desk, and the history it leaves."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import AgentStateChange
from tests.integration.desk.desk_helpers import DeskUser, agent, place_call


def test_available_break_with_reason_and_logout(app: FastAPI, app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent05")
    reply = user.post("/desk/state", state="available")
    assert 'data-state="available"' in reply.text
    me = agent(app_engine, "agent05")
    assert me.state == "available" and me.desk_seen_at is not None

    reply = user.post("/desk/state", state="break", reason="meal")
    assert reply.status_code == 200 and "用餐" in reply.text
    me = agent(app_engine, "agent05")
    assert (me.state, me.state_reason) == ("break", "meal")

    user.post("/desk/state", state="logged_out")
    assert agent(app_engine, "agent05").state == "logged_out"
    with Session(app_engine) as db:
        history = db.execute(select(AgentStateChange.state, AgentStateChange.reason)
                             .where(AgentStateChange.agent_id == me.id)
                             .order_by(AgentStateChange.id)).all()
    assert history == [("available", "desk"), ("break", "meal"), ("logged_out", "desk")]


def test_a_break_needs_a_known_reason(app: FastAPI, app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent05")
    user.available()
    for reason in ("", "gone fishing"):
        reply = user.post("/desk/state", state="break", reason=reason)
        assert reply.status_code == 409
        assert "请选择示忙原因" in reply.text
    assert agent(app_engine, "agent05").state == "available"


def test_states_the_acd_owns_cannot_be_chosen(app: FastAPI, app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent05")
    assert user.post("/desk/state", state="on_call").status_code == 409
    assert user.post("/desk/state", state="sleeping").status_code == 422
    assert agent(app_engine, "agent05").state == "logged_out"


def test_given_a_ringing_call_when_choosing_a_break_then_refused(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user = DeskUser.login(app, "agent05")
    user.available()
    place_call(switchboard, ivr_token, "call-busy")
    app.state.dispatcher.tick()
    assert agent(app_engine, "agent05").state == "offered"
    reply = user.post("/desk/state", state="break", reason="rest")
    assert reply.status_code == 409 and "通话中不能切换状态" in reply.text
    assert agent(app_engine, "agent05").state == "offered"


def test_the_page_shows_time_in_state_from_the_state_change(app: FastAPI,
                                                           app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent05")
    user.available()
    since = agent(app_engine, "agent05").state_since
    assert f'data-since="{since.isoformat()}"' in user.get("/desk/").text
