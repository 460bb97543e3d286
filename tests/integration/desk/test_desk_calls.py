"""The desk as the phone: the offer with its screen pop, answer, decline, notes, hang up,
wrap-up with a disposition."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog, CallSummary, QueueEntry
from tests.integration.desk.desk_helpers import DeskUser, agent, entries, place_call


def ring(app: FastAPI, switchboard: TestClient, token: str, call_id: str,
         username: str = "agent05", **kwargs: object) -> tuple[DeskUser, int]:
    user = DeskUser.login(app, username)
    user.available()
    entry_id = place_call(switchboard, token, call_id, **kwargs)  # type: ignore[arg-type]
    app.state.dispatcher.tick()
    return user, entry_id


def test_given_an_offer_then_the_panel_pops_the_customer_and_the_ivr_journey(
        app: FastAPI, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-pop")
    panel = user.get("/desk/call/panel").text
    assert 'data-kind="ringing"' in panel and f'data-entry="{entry_id}"' in panel
    assert "张三" in panel and "13800000001" in panel
    assert "main › queries › balance" in panel  # menus walked in the IVR
    assert 'data-testid="ivr-failed-pins" class="bad">1<' in panel
    assert "余额" in panel  # heard the balance
    assert 'data-testid="pop-balance"' in panel and 'data-testid="pop-credit"' in panel
    assert "pudong" in panel


def test_answer_connects_the_caller_and_audits_the_screen_pop(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-answer")
    reply = user.post(f"/desk/call/{entry_id}/answer")
    assert reply.status_code == 200 and 'data-kind="talking"' in reply.text
    assert agent(app_engine, "agent05").state == "on_call"
    assert entries(app_engine, "call-answer")[0].status == "answered"
    assert [c.call_uuid for c in app.state.switch.named("bridge")] == ["call-answer"]
    with Session(app_engine) as db:
        viewed = db.scalar(select(AuditLog).where(AuditLog.action == "customer_viewed"))
    assert viewed is not None and viewed.actor == "agent:agent05"
    assert viewed.details["via"] == "screen_pop"


def test_only_the_agent_it_rings_for_can_answer(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    _user, entry_id = ring(app, switchboard, ivr_token, "call-other")
    intruder = DeskUser.login(app, "agent06")
    reply = intruder.post(f"/desk/call/{entry_id}/answer")
    assert reply.status_code == 409 and "来电已被收回" in reply.text
    assert entries(app_engine, "call-other")[0].status == "offered"


def test_decline_puts_the_call_back_and_does_not_offer_it_again_to_that_agent(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-decline")
    reply = user.post(f"/desk/call/{entry_id}/decline")
    assert 'data-kind="idle"' in reply.text
    entry = entries(app_engine, "call-decline")[0]
    me = agent(app_engine, "agent05")
    assert entry.status == "waiting" and me.id in entry.missed_agent_ids
    assert me.state == "available"
    app.state.dispatcher.tick()
    assert entries(app_engine, "call-decline")[0].status == "waiting"  # not back to agent05


def test_notes_autosave_then_hang_up_then_wrap_up_with_a_disposition(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-notes")
    user.post(f"/desk/call/{entry_id}/answer")
    saved = user.post(f"/desk/call/{entry_id}/notes", notes="asks about roaming")
    assert saved.status_code == 200 and "已保存" in saved.text
    reply = user.post(f"/desk/call/{entry_id}/hangup", notes="asks about roaming charges")
    assert 'data-kind="wrap_up"' in reply.text and "asks about roaming charges" in reply.text
    assert entries(app_engine, "call-notes")[0].status == "completed"
    assert agent(app_engine, "agent05").state == "wrap_up"
    assert app.state.switch.named("hangup")[0].call_uuid == "call-notes"

    reply = user.post(f"/desk/call/{entry_id}/summary", disposition="information_given",
                      notes="explained roaming charges", ready="yes")
    assert 'data-kind="idle"' in reply.text
    assert agent(app_engine, "agent05").state == "available"
    with Session(app_engine) as db:
        summaries = db.scalars(select(CallSummary).where(
            CallSummary.queue_entry_id == entry_id)).all()
    assert [(s.disposition, s.notes) for s in summaries] == [
        ("information_given", "explained roaming charges")]


def test_an_unknown_disposition_is_refused(
        app: FastAPI, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-disp")
    user.post(f"/desk/call/{entry_id}/answer")
    user.post(f"/desk/call/{entry_id}/hangup")
    assert user.post(f"/desk/call/{entry_id}/summary", disposition="whatever").status_code == 422


def test_the_summary_can_still_be_saved_after_the_wrap_up_time_ran_out(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-late")
    user.post(f"/desk/call/{entry_id}/answer")
    user.post(f"/desk/call/{entry_id}/hangup")
    user.post("/desk/state", state="available")  # wrap-up over (as if the timer ended it)
    reply = user.post(f"/desk/call/{entry_id}/summary", disposition="resolved", notes="ok")
    assert reply.status_code == 200
    stranger = DeskUser.login(app, "agent06")
    assert stranger.post(f"/desk/call/{entry_id}/summary",
                         disposition="other").status_code == 409


def test_an_unknown_caller_can_be_linked_to_a_customer_during_the_call(
        app: FastAPI, app_engine: Engine, switchboard: TestClient, ivr_token: str) -> None:
    user, entry_id = ring(app, switchboard, ivr_token, "call-anon", number="",
                          context={"language": "zh"})
    user.post(f"/desk/call/{entry_id}/answer")
    assert "未识别来电" in user.get("/desk/call/panel").text
    assert user.post(f"/desk/call/{entry_id}/identify", number="19999999999").status_code == 404
    reply = user.post(f"/desk/call/{entry_id}/identify", number="13800000002")
    assert reply.status_code == 200
    assert "李四" in user.get("/desk/call/panel").text
    with Session(app_engine) as db:
        entry = db.get(QueueEntry, entry_id)
        assert entry is not None and entry.customer_id is not None
