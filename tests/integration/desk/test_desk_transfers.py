"""Transfers carry the caller's context and the agent's notes; callbacks are booked."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.acd.simulated_switch import SimulatedSwitch
from backoffice.db.base import utcnow
from backoffice.db.engine import make_session_factory
from backoffice.db.models import QueueEntry
from tests.integration.desk.desk_helpers import DeskUser, agent, entries, place_call


def on_call(app: FastAPI, switchboard: TestClient, token: str, call_id: str) -> tuple[DeskUser, int]:
    user = DeskUser.login(app, "agent05")
    user.available()
    entry_id = place_call(switchboard, token, call_id)
    app.state.dispatcher.tick()
    assert user.post(f"/desk/call/{entry_id}/answer").status_code == 200
    return user, entry_id


def test_given_a_call_when_transferred_to_a_skill_then_context_and_notes_reach_the_next_agent(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    first, entry_id = on_call(app, switchboard, ivr_token, "call-xfer")
    reply = first.post(f"/desk/call/{entry_id}/transfer", to="skill", skill="complaints",
                       notes="wants to complain about a wrong charge of 30 yuan")
    assert reply.status_code == 200 and 'data-kind="wrap_up"' in reply.text
    old, new = entries(app_engine, "call-xfer")
    assert old.status == "completed" and agent(app_engine, "agent05").state == "wrap_up"
    assert new.status == "waiting" and new.skill == "complaints"
    assert new.transferred_from_agent_id == agent(app_engine, "agent05").id
    assert new.priority == 100
    assert new.context["menu_path"] == ["main", "queries", "balance"]  # the IVR's part
    assert new.context["verified"] is True
    assert new.context["agent_notes"][0]["notes"] == (
        "wants to complain about a wrong charge of 30 yuan")
    assert new.context["transferred_from"]["username"] == "agent05"
    assert [c.name for c in app.state.switch.commands if c.call_uuid == "call-xfer"][-1] == "hold"

    second = DeskUser.login(app, "agent09")
    second.available()
    app.state.dispatcher.tick()
    panel = second.get("/desk/call/panel").text
    assert 'data-kind="ringing"' in panel and 'data-testid="transferred-badge"' in panel
    assert "wants to complain about a wrong charge of 30 yuan" in panel
    assert "陈静" in panel  # who passed it on
    assert "main › queries › balance" in panel


def test_a_transferred_caller_goes_ahead_of_callers_already_waiting(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    first, entry_id = on_call(app, switchboard, ivr_token, "call-first")
    place_call(switchboard, ivr_token, "call-waiting", skill="complaints",
               number="13800000002")
    first.post(f"/desk/call/{entry_id}/transfer", to="skill", skill="complaints", notes="")
    second = DeskUser.login(app, "agent09")
    second.available()
    app.state.dispatcher.tick()
    assert entries(app_engine, "call-first")[-1].status == "offered"
    assert entries(app_engine, "call-waiting")[0].status == "waiting"


def test_transfer_to_an_available_colleague_rings_that_colleague_directly(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    first, entry_id = on_call(app, switchboard, ivr_token, "call-direct")
    colleague = DeskUser.login(app, "agent11")  # directory desk: not a billing agent
    colleague.available()
    reply = first.post(f"/desk/call/{entry_id}/transfer", to="agent", username="agent11",
                       notes="needs a number looked up")
    assert reply.status_code == 200
    new = entries(app_engine, "call-direct")[-1]
    assert new.status == "offered" and new.offered_agent_id == agent(app_engine, "agent11").id
    assert new.agent_leg_uuid is not None  # the colleague's phone rings
    assert agent(app_engine, "agent11").state == "offered"
    assert "needs a number looked up" in colleague.get("/desk/call/panel").text


def test_transfer_to_a_busy_colleague_is_refused_and_the_call_stays(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    first, entry_id = on_call(app, switchboard, ivr_token, "call-refused")
    reply = first.post(f"/desk/call/{entry_id}/transfer", to="agent", username="agent09")
    assert reply.status_code == 409 and "该同事现在不空闲" in reply.text
    assert [e.status for e in entries(app_engine, "call-refused")] == ["answered"]
    assert agent(app_engine, "agent05").state == "on_call"
    assert first.post(f"/desk/call/{entry_id}/transfer", to="skill",
                      skill="no_such").status_code == 409


def test_a_callback_is_booked_for_later_and_joins_the_queue_when_due(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = on_call(app, switchboard, ivr_token, "call-cb")
    tz = ZoneInfo(app.state.settings.timezone)
    when = (utcnow() + timedelta(hours=2)).astimezone(tz)
    reply = user.post(f"/desk/call/{entry_id}/callback", number="13800000001",
                      when=when.strftime("%Y-%m-%dT%H:%M"), notes="check the fibre repair")
    assert reply.status_code == 200, reply.text
    too_soon = utcnow().astimezone(tz).strftime("%Y-%m-%dT%H:%M")
    assert user.post(f"/desk/call/{entry_id}/callback", number="13800000001",
                     when=too_soon).status_code == 422
    with Session(app_engine) as db:
        booking = db.scalar(select(QueueEntry).where(QueueEntry.status == "scheduled"))
        assert booking is not None and booking.callback_number == "13800000001"
        assert booking.context["agent_notes"][0]["notes"] == "check the fibre repair"
    dispatcher = Dispatcher(make_session_factory(app_engine, write=True), SimulatedSwitch(),
                            AcdConfig())
    assert dispatcher.promote_scheduled_callbacks(utcnow()) == 0
    assert dispatcher.promote_scheduled_callbacks(utcnow() + timedelta(hours=3)) == 1
    with Session(app_engine) as db:
        assert db.get(QueueEntry, booking.id).status == "waiting"  # type: ignore[union-attr]
