"""Tickets on the desk: each role's work list (a department sees only its own), the ticket
page with exactly the forms the user may use now, every complaint step taken through the
desk, and refusals as one friendly line (never a traceback), behind CSRF."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import AuditLog
from tests.integration.desk.desk_helpers import DeskUser
from tests.integration.desk.ticket_helpers import (
    balance,
    events,
    new_ticket,
    set_deadlines,
    tasks,
    ticket,
)

FORM = re.compile(r'data-testid="action-([a-z_]+)"')


def forms_on(page: str) -> set[str]:
    return set(FORM.findall(page))


def listed(user: DeskUser, query: str = "") -> str:
    response = user.get(f"/desk/tickets{query}")
    assert response.status_code == 200, response.text
    return response.text


@pytest.fixture
def desk_tickets(app: FastAPI, app_engine: Engine) -> dict[str, str]:
    """Tickets in several states and departments, and owned by different people."""
    return {
        "with_qa": new_ticket(app_engine, status="qa_review", summary="with QA"),
        "with_billing": new_ticket(app_engine, status="in_department", summary="with billing"),
        "fault": new_ticket(app_engine, type="fault", owner="agent01", summary="no dial tone"),
        "mine": new_ticket(app_engine, summary="received, owned by agent05"),
        "pool": new_ticket(app_engine, type="suggestion", owner=None, summary="nobody's yet"),
    }


def test_given_each_role_when_opening_the_work_list_then_their_tickets(
        app: FastAPI, desk_tickets: dict[str, str]) -> None:
    qa = listed(DeskUser.login(app, "qa01"))
    assert desk_tickets["with_qa"] in qa
    assert desk_tickets["with_billing"] not in qa and desk_tickets["fault"] not in qa

    billing = listed(DeskUser.login(app, "dept_bill"))
    assert desk_tickets["with_billing"] in billing
    assert all(desk_tickets[k] not in billing for k in ("with_qa", "fault", "mine", "pool"))
    network = listed(DeskUser.login(app, "dept_net"))
    assert desk_tickets["fault"] in network and desk_tickets["with_billing"] not in network

    agent05 = listed(DeskUser.login(app, "agent05"))
    assert desk_tickets["mine"] in agent05 and desk_tickets["pool"] in agent05
    assert desk_tickets["fault"] not in agent05  # agent01's
    agent01 = listed(DeskUser.login(app, "agent01"))
    assert desk_tickets["fault"] in agent01 and desk_tickets["mine"] not in agent01

    supervisor = listed(DeskUser.login(app, "super01"))
    assert all(number in supervisor for number in desk_tickets.values())


def test_given_filters_when_listing_then_only_matching_tickets(
        app: FastAPI, app_engine: Engine, desk_tickets: dict[str, str]) -> None:
    supervisor = DeskUser.login(app, "super01")
    faults = listed(supervisor, "?type=fault")
    assert desk_tickets["fault"] in faults and desk_tickets["with_qa"] not in faults
    with_qa = listed(supervisor, "?status=qa_review")
    assert desk_tickets["with_qa"] in with_qa and desk_tickets["mine"] not in with_qa
    set_deadlines(app_engine, desk_tickets["with_billing"], utcnow() - timedelta(hours=2))
    overdue = listed(supervisor, "?overdue=yes")
    assert desk_tickets["with_billing"] in overdue and desk_tickets["with_qa"] not in overdue
    assert f'data-testid="overdue-{desk_tickets["with_billing"]}"' in overdue
    everything = listed(supervisor)
    assert everything.index(desk_tickets["with_billing"]) < everything.index(desk_tickets["with_qa"])

    mine = listed(DeskUser.login(app, "agent05"), "?mine=yes")
    assert desk_tickets["mine"] in mine and desk_tickets["pool"] not in mine
    english = DeskUser.login(app, "agent05")
    english.client.get("/desk/lang/en")
    assert "Work list" in listed(english) and "工单列表" not in listed(english)


def test_given_a_reply_under_review_when_each_role_opens_it_then_only_their_forms(
        app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="reply_review")
    qa_page = DeskUser.login(app, "qa01").get(f"/desk/tickets/{number}")
    assert qa_page.status_code == 200
    assert forms_on(qa_page.text) == {"send_back", "accept_reply", "add_note"}
    assert 'data-testid="accept_reply-refund_fen"' in qa_page.text
    assert 'name="note" rows="3" maxlength="4000" required' in qa_page.text.split(
        'data-testid="action-send_back"')[1].split("</form>")[0]
    for text in ("张三", "13800000001", "charged for roaming while at home", "refund",
                 "the roaming charge was a rating error"):
        assert text in qa_page.text
    assert forms_on(DeskUser.login(app, "agent05").get(f"/desk/tickets/{number}").text) == {
        "add_note"}
    assert forms_on(DeskUser.login(app, "dept_bill").get(f"/desk/tickets/{number}").text) == {
        "add_note"}
    other_department = DeskUser.login(app, "dept_net").get(f"/desk/tickets/{number}").text
    assert forms_on(other_department) == set() and 'data-testid="no-actions"' in other_department
    assert forms_on(DeskUser.login(app, "super01").get(f"/desk/tickets/{number}").text) == {
        "send_back", "accept_reply", "add_note"}
    with Session(app_engine) as db:
        viewed = db.scalars(select(AuditLog).where(AuditLog.action == "ticket_viewed",
                                                   AuditLog.object_id == number)).all()
    assert {row.actor for row in viewed} >= {"agent:qa01", "agent:dept_net"}


def test_the_complaint_loop_through_the_desk_with_one_refund_and_a_callback(
        app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine)
    agent05, qa, billing = (DeskUser.login(app, u) for u in ("agent05", "qa01", "dept_bill"))
    url = f"/desk/tickets/{number}/actions"

    def step(user: DeskUser, action: str, status: str, **form: str) -> None:
        reply = user.post(f"{url}/{action}", **form)
        assert reply.status_code == 200, reply.text
        assert f'data-status="{status}"' in reply.text  # the redrawn ticket
        assert ticket(app_engine, number).status == status

    before = balance(app_engine)
    step(agent05, "send_to_qa", "qa_review", note="customer insists")
    step(qa, "assign_department", "in_department", department="billing")
    step(billing, "department_reply", "reply_review", reply="checked the CDRs")
    step(qa, "send_back", "in_department", note="say why it happened")
    step(billing, "department_reply", "reply_review", reply="rating table error, fixed")
    step(qa, "accept_reply", "informing", resolution="charge reversed", refund="10.00")
    assert balance(app_engine) - before == 1000
    assert ticket(app_engine, number).refund_fen == 1000

    workspace = agent05.get("/desk/").text
    assert f'data-testid="task-{number}"' in workspace
    assert f'data-testid="task-{number}"' in agent05.get("/desk/tickets?view=tasks").text
    page = agent05.get(f"/desk/tickets/{number}").text
    assert forms_on(page) == {"close_satisfied", "follow_up", "add_note"}
    step(agent05, "close_satisfied", "closed", customer_informed="yes", satisfaction="5")

    closed = ticket(app_engine, number)
    assert closed.satisfaction == 5 and closed.customer_informed_at is not None
    assert all(task.done_at is not None for task in tasks(app_engine, number))
    assert f'data-testid="task-{number}"' not in agent05.get("/desk/").text
    assert balance(app_engine) - before == 1000
    assert [e.action for e in events(app_engine, number)] == [
        "created", "send_to_qa", "assign_department", "department_reply", "send_back",
        "department_reply", "accept_reply", "close_satisfied"]
    timeline = qa.get(f"/desk/tickets/{number}").text
    assert timeline.count('data-testid="event"') == 8 and "agent:dept_bill" in timeline


def test_given_a_wrong_state_when_acting_then_a_friendly_refusal_and_nothing_changes(
        app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="qa_review")
    qa = DeskUser.login(app, "qa01")
    reply = qa.post(f"/desk/tickets/{number}/actions/accept_reply", resolution="x")
    assert reply.status_code == 409
    assert "工单当前状态不能办理此项" in reply.text and "Traceback" not in reply.text
    assert 'data-testid="message"' in reply.text
    unknown = qa.post(f"/desk/tickets/{number}/actions/teleport")
    assert unknown.status_code == 409
    page = qa.client.post(f"/desk/tickets/{number}/actions/accept_reply",
                          data={"csrf": qa.csrf, "resolution": "x"})  # a plain form post
    assert page.status_code == 409 and 'data-testid="error-message"' in page.text
    assert ticket(app_engine, number).status == "qa_review"
    assert [e.action for e in events(app_engine, number)][-1] == "send_to_qa"


def test_given_an_agent_when_taking_a_qa_step_then_refused(
        app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="qa_review")
    agent05 = DeskUser.login(app, "agent05")
    reply = agent05.post(f"/desk/tickets/{number}/actions/assign_department",
                         department="billing")
    assert reply.status_code == 403 and "您不能对这张工单办理此项" in reply.text
    network = DeskUser.login(app, "dept_net")
    in_billing = new_ticket(app_engine, status="in_department")
    assert network.post(f"/desk/tickets/{in_billing}/actions/department_reply",
                        reply="not ours").status_code == 403
    assert ticket(app_engine, number).status == "qa_review"
    assert ticket(app_engine, in_billing).status == "in_department"


def test_given_a_missing_field_when_acting_then_told_which(
        app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="reply_review")
    qa = DeskUser.login(app, "qa01")
    no_note = qa.post(f"/desk/tickets/{number}/actions/send_back")
    assert no_note.status_code == 422 and "请填写备注" in no_note.text
    bad_refund = qa.post(f"/desk/tickets/{number}/actions/accept_reply", resolution="ok",
                         refund="ten")
    assert bad_refund.status_code == 422 and "退费金额格式不正确" in bad_refund.text
    informing = new_ticket(app_engine, status="informing")
    agent05 = DeskUser.login(app, "agent05")
    untold = agent05.post(f"/desk/tickets/{informing}/actions/close_satisfied",
                          satisfaction="4")
    assert untold.status_code == 422 and "告知客户" in untold.text
    assert ticket(app_engine, number).status == "reply_review"
    assert ticket(app_engine, informing).status == "informing"


def test_given_no_csrf_token_when_acting_then_refused(app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="qa_review")
    qa = DeskUser.login(app, "qa01")
    missing = qa.client.post(f"/desk/tickets/{number}/actions/assign_department",
                             data={"department": "billing"})
    forged = qa.client.post(f"/desk/tickets/{number}/actions/assign_department",
                            data={"department": "billing", "csrf": "forged"})
    for response in (missing, forged):
        assert response.status_code == 403 and "页面已过期" in response.text
    assert ticket(app_engine, number).status == "qa_review"


def test_a_plain_form_post_goes_back_to_the_ticket(app: FastAPI, app_engine: Engine) -> None:
    number = new_ticket(app_engine, status="qa_review")
    qa = DeskUser.login(app, "qa01")
    response = qa.client.post(f"/desk/tickets/{number}/actions/assign_department",
                              data={"csrf": qa.csrf, "department": "billing"},
                              follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/desk/tickets/{number}"
    assert ticket(app_engine, number).department == "billing"


def test_unknown_ticket_and_anonymous_visitors(app: FastAPI) -> None:
    missing = DeskUser.login(app, "qa01").get("/desk/tickets/000000000000")
    assert missing.status_code == 404 and 'data-testid="error-message"' in missing.text
    for url in ("/desk/tickets", "/desk/tickets/000000000000"):
        assert TestClient(app).get(url, follow_redirects=False).status_code == 303
