"""The supervisor's view: queues and agents, forced states (audited), notices to desks."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog
from tests.integration.desk.desk_helpers import DeskUser, agent, entries, place_call


def test_the_board_shows_waiting_calls_per_skill_and_agents_by_state(
        app: FastAPI, switchboard: TestClient, ivr_token: str) -> None:
    DeskUser.login(app, "agent05").available()  # someone logged in: the queue is open
    place_call(switchboard, ivr_token, "call-b1", skill="faults")
    place_call(switchboard, ivr_token, "call-b2", skill="faults", number="13800000002")
    page = DeskUser.login(app, "super01").get("/desk/supervisor").text
    assert 'data-testid="waiting-faults">2<' in page
    assert 'data-testid="waiting-billing">0<' in page
    assert 'data-testid="agent-state-agent05">空闲<' in page


def test_given_a_ringing_agent_when_the_supervisor_forces_a_break_then_the_call_goes_back(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    DeskUser.login(app, "agent05").available()
    place_call(switchboard, ivr_token, "call-force")
    app.state.dispatcher.tick()
    supervisor = DeskUser.login(app, "super01")
    target = agent(app_engine, "agent05")
    reply = supervisor.post(f"/desk/supervisor/agents/{target.id}/state", state="break")
    assert reply.status_code == 200
    assert agent(app_engine, "agent05").state == "break"
    assert entries(app_engine, "call-force")[0].status == "waiting"
    with Session(app_engine) as db:
        audit = db.scalar(select(AuditLog).where(AuditLog.action == "agent_state_forced"))
    assert audit is not None and audit.actor == "agent:super01"
    assert audit.details == {"frm": "offered", "to": "break", "reason": "supervisor"}


def test_an_agent_in_a_conversation_cannot_be_forced(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user = DeskUser.login(app, "agent05")
    user.available()
    entry_id = place_call(switchboard, ivr_token, "call-talk")
    app.state.dispatcher.tick()
    user.post(f"/desk/call/{entry_id}/answer")
    target = agent(app_engine, "agent05")
    reply = DeskUser.login(app, "super01").post(f"/desk/supervisor/agents/{target.id}/state",
                                                state="logged_out")
    assert reply.status_code == 409 and agent(app_engine, "agent05").state == "on_call"


def test_a_supervisor_logs_an_agent_out(app: FastAPI, app_engine: Engine) -> None:
    DeskUser.login(app, "agent05").available()
    target = agent(app_engine, "agent05")
    DeskUser.login(app, "super01").post(f"/desk/supervisor/agents/{target.id}/state",
                                        state="logged_out")
    assert agent(app_engine, "agent05").state == "logged_out"


def test_a_notice_appears_on_every_agents_desk_until_withdrawn(app: FastAPI,
                                                               app_engine: Engine) -> None:
    supervisor = DeskUser.login(app, "super01")
    reply = supervisor.post("/desk/supervisor/notices", text="浦东光缆中断，预计16点修复",
                            level="warning", minutes=60)
    assert reply.status_code == 200 and "浦东光缆中断" in reply.text
    agents = [DeskUser.login(app, name) for name in ("agent01", "agent12")]
    for desk in agents:
        assert "浦东光缆中断，预计16点修复" in desk.get("/desk/").text
    with Session(app_engine) as db:
        assert db.scalar(select(AuditLog.action).where(AuditLog.action == "notice_posted"))
    notice_id = int(reply.text.split("/desk/supervisor/notices/")[1].split("/")[0])
    supervisor.post(f"/desk/supervisor/notices/{notice_id}/withdraw")
    assert "浦东光缆中断" not in agents[0].get("/desk/").text
    assert supervisor.post("/desk/supervisor/notices", text="  ").status_code == 422
    assert DeskUser.login(app, "agent01").post("/desk/supervisor/notices",
                                               text="hi").status_code == 403
