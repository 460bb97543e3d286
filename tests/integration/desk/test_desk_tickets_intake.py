"""How tickets reach the desk's lists: a complaint recorded on the call (solved there, or sent
to QA), a ticket opened from the customer page, and the tasks that follow (the owner's
callback, the supervisors' escalation of an overdue ticket)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import Line, Ticket, TicketTask
from backoffice.services.sla import sla_sweep
from tests.integration.desk.desk_helpers import SHOWCASE_NUMBER, DeskUser, agent, place_call
from tests.integration.desk.ticket_helpers import events, new_ticket, set_deadlines, ticket

SECOND_LINE = "13800000002"  # another customer's line


@pytest.fixture
def call(app: FastAPI, switchboard: TestClient, ivr_token: str) -> tuple[DeskUser, int]:
    user = DeskUser.login(app, "agent05")
    user.available()
    entry_id = place_call(switchboard, ivr_token, "call-tickets")
    app.state.dispatcher.tick()
    assert user.post(f"/desk/call/{entry_id}/answer").status_code == 200
    return user, entry_id


def line_id(engine: Engine, number: str = SHOWCASE_NUMBER) -> int:
    with Session(engine) as db:
        found = db.scalar(select(Line.id).where(Line.number == number))
        assert found is not None
        return found


def ticket_count(engine: Engine) -> int:
    with Session(engine) as db:
        return db.scalar(select(func.count()).select_from(Ticket)) or 0


def by_summary(engine: Engine, summary: str) -> Ticket:
    with Session(engine) as db:
        found = db.scalar(select(Ticket).where(Ticket.summary == summary))
        assert found is not None
        return found


def test_the_call_panel_records_a_complaint_in_full_and_sends_it_to_qa(
        call: tuple[DeskUser, int], app: FastAPI, app_engine: Engine) -> None:
    user, entry_id = call
    panel = user.get("/desk/call/panel").text
    for field in ("ticket-demand", "ticket-contact", "ticket-line", "ticket-outcome-qa",
                  "ticket-outcome-resolved", "ticket-resolution", "ticket-satisfaction"):
        assert f'data-testid="{field}"' in panel
    reply = user.post(f"/desk/call/{entry_id}/ticket", type="complaint",
                      summary="billed for a plan never ordered", details="since October",
                      demand="cancel it and refund", contact="13912345678",
                      line_id=line_id(app_engine), outcome="send_to_qa")
    assert reply.status_code == 200 and "转质检" in reply.text
    created = by_summary(app_engine, "billed for a plan never ordered")
    assert (created.status, created.details, created.demand, created.contact_number) == (
        "qa_review", "since October", "cancel it and refund", "13912345678")
    assert created.line_id == line_id(app_engine)
    assert created.owner_agent_id == agent(app_engine, "agent05").id
    assert [e.action for e in events(app_engine, created.number)] == ["created", "send_to_qa"]
    assert created.number in DeskUser.login(app, "qa01").get("/desk/tickets").text


def test_a_complaint_solved_on_the_call_closes_with_resolution_and_satisfaction(
        call: tuple[DeskUser, int], app_engine: Engine) -> None:
    user, entry_id = call
    before = ticket_count(app_engine)
    untold = user.post(f"/desk/call/{entry_id}/ticket", type="complaint", summary="slow data",
                       outcome="resolve_on_call", satisfaction="4")
    assert untold.status_code == 422 and "请填写处理结果" in untold.text
    assert ticket_count(app_engine) == before  # nothing half-recorded
    reply = user.post(f"/desk/call/{entry_id}/ticket", type="complaint", summary="slow data",
                      outcome="resolve_on_call", resolution="reset the APN with the customer",
                      satisfaction="4")
    assert reply.status_code == 200 and "当场解决" in reply.text
    closed = by_summary(app_engine, "slow data")
    assert (closed.status, closed.resolution, closed.satisfaction) == (
        "closed", "reset the APN with the customer", 4)
    assert closed.customer_informed_at is not None
    assert closed.contact_number == SHOWCASE_NUMBER  # the caller's number by default


def test_the_call_refuses_another_customers_line_and_a_bad_contact(
        call: tuple[DeskUser, int], app_engine: Engine) -> None:
    user, entry_id = call
    before = ticket_count(app_engine)
    other = user.post(f"/desk/call/{entry_id}/ticket", type="complaint", summary="x",
                      line_id=line_id(app_engine, SECOND_LINE))
    assert other.status_code == 422 and "只能为本次来电客户办理" in other.text
    bad = user.post(f"/desk/call/{entry_id}/ticket", type="complaint", summary="x",
                    contact="call me maybe")
    assert bad.status_code == 422
    assert ticket_count(app_engine) == before
    suggestion = user.post(f"/desk/call/{entry_id}/ticket", type="suggestion",
                           summary="longer opening hours", outcome="send_to_qa")
    assert suggestion.status_code == 200  # the complaint outcome does not apply
    assert by_summary(app_engine, "longer opening hours").status == "received"


def test_the_customer_page_opens_a_ticket_owned_by_whoever_recorded_it(
        app: FastAPI, app_engine: Engine) -> None:
    user = DeskUser.login(app, "agent01")
    customer_id = ticket(app_engine, new_ticket(app_engine)).customer_id
    page = user.get(f"/desk/customers/{customer_id}").text
    assert 'data-testid="new-ticket"' in page
    response = user.client.post("/desk/tickets/new", data={
        "csrf": user.csrf, "customer_id": customer_id, "type": "appeal",
        "summary": "appeal the late fee", "demand": "waive it",
        "line_id": line_id(app_engine)}, follow_redirects=False)
    assert response.status_code == 303
    created = by_summary(app_engine, "appeal the late fee")
    assert response.headers["location"] == f"/desk/tickets/{created.number}"
    assert created.owner_agent_id == agent(app_engine, "agent01").id
    assert (created.channel, created.demand, created.status) == ("agent", "waive it", "received")
    refused = user.client.post("/desk/tickets/new", data={
        "csrf": user.csrf, "customer_id": customer_id, "type": "appeal", "summary": "x",
        "line_id": line_id(app_engine, SECOND_LINE)})
    assert refused.status_code == 422 and 'data-testid="error-message"' in refused.text


def test_given_an_overdue_ticket_when_swept_then_supervisors_see_and_complete_the_escalation(
        app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="in_department")
    set_deadlines(app_engine, number, utcnow() - timedelta(hours=1))
    with Session(app_engine) as db:
        assert sla_sweep(db, utcnow()) >= 1
        db.commit()
        task_id = db.scalar(select(TicketTask.id).join(Ticket).where(
            Ticket.number == number, TicketTask.kind == "escalation"))
    assert task_id is not None
    supervisor = DeskUser.login(app, "super01")
    listing = supervisor.get("/desk/tickets?view=tasks").text
    assert f'data-testid="task-{number}"' in listing
    assert f'data-testid="task-{number}"' not in DeskUser.login(app, "agent05").get(
        "/desk/tickets?view=tasks").text
    page = supervisor.get(f"/desk/tickets/{number}").text
    assert 'data-testid="ticket-overdue"' in page
    refused = DeskUser.login(app, "agent05").post(f"/desk/tickets/tasks/{task_id}/done")
    assert refused.status_code == 403
    done = supervisor.post(f"/desk/tickets/tasks/{task_id}/done", note="chased billing")
    assert done.status_code == 200 and "待办已完成" in done.text
    assert f'data-testid="task-{number}"' not in done.text
    again = supervisor.post(f"/desk/tickets/tasks/{task_id}/done")
    assert again.status_code == 404
    assert [e.action for e in events(app_engine, number)][-2:] == ["escalated", "task_done"]
