"""The complaint path across roles in real headless Chromium (issue 7): an agent records a
complaint on the call and sends it to QA; QA assigns billing; billing replies; QA sends it
back once, then accepts with a 10.00 yuan refund; the owning agent tells the customer and
closes it. Each person works in a browser context of their own; no sleeps, only
Playwright's auto-waiting expectations."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Account, Line, Ticket, TicketEvent, TicketTask
from tests.browser.desk_login import sign_in

pytestmark = pytest.mark.browser

CALLER = "13800000001"  # 张三
IVR_CONTEXT = {"reason": "caller_request", "language": "zh", "verified": True,
               "verified_number": CALLER, "failed_pin_attempts": 0,
               "menu_path": ["main", "complaints"], "heard": [], "notes": {}}
TICKET_NUMBER = re.compile(r"\d{12}")
LIVE_MS = 5000
EVERY_STEP = ["created", "send_to_qa", "assign_department", "department_reply", "send_back",
              "department_reply", "accept_reply", "close_satisfied"]



def place_call(demo_app: FastAPI, base_url: str) -> None:
    """What the IVR does when the caller presses 0 in the complaints menu."""
    token = demo_app.state.settings.ivr_service_token
    response = httpx.post(f"{base_url}/ivr/v1/queue",
                          headers={"Authorization": f"Bearer {token}"},
                          json={"call_id": "complaint-path", "caller_number": CALLER,
                                "skill": "billing", "context": IVR_CONTEXT})
    assert response.status_code == 200, response.text


def balance_fen(demo_app: FastAPI) -> int:
    with Session(demo_app.state.engine) as db:
        account_id = db.scalar(select(Line.account_id).where(Line.number == CALLER))
        account = db.get(Account, account_id)
        assert account is not None
        return account.balance_fen


def open_from_work_list(page: Page, base_url: str, number: str) -> None:
    page.goto(f"{base_url}/desk/")
    page.get_by_test_id("nav-tickets").click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("ticket-number")).to_have_text(number)


def act(page: Page, action: str, status_text: str) -> None:
    page.get_by_test_id(f"submit-{action}").click()
    expect(page.get_by_test_id("ticket-status")).to_have_text(status_text)


def test_a_complaint_from_the_call_through_qa_and_billing_to_a_satisfied_customer(
        browser: Browser, contexts: list[BrowserContext], base_url: str, demo_app: FastAPI,
        dispatching: None, artifacts: Path) -> None:
    # agent05 takes 张三's call and records the complaint: content, contact, demand.
    agent = sign_in(browser, contexts, base_url, "agent05")
    agent.get_by_test_id("go-available").click()
    expect(agent.get_by_test_id("agent-state")).to_have_text("空闲")
    place_call(demo_app, base_url)
    expect(agent.get_by_test_id("customer-name")).to_have_text("张三", timeout=LIVE_MS)
    agent.get_by_test_id("answer").click()
    expect(agent.get_by_test_id("hangup")).to_be_visible()
    agent.get_by_test_id("ticket-section").locator("summary").click()
    agent.get_by_test_id("ticket-type").select_option("complaint")
    expect(agent.get_by_test_id("ticket-outcome-qa")).to_be_checked()
    agent.get_by_test_id("ticket-summary").fill("国际漫游费重复扣费")
    agent.get_by_test_id("ticket-details").fill("11月账单国际漫游费扣了两次，每次 10 元")
    agent.get_by_test_id("ticket-demand").fill("退还多扣的 10 元")
    agent.get_by_test_id("ticket-contact").fill("13912345678")
    agent.screenshot(path=str(artifacts / "ticket-complaint-on-call.png"), full_page=True)
    agent.get_by_test_id("ticket-submit").click()
    created = agent.get_by_test_id("ticket-section").get_by_test_id("message")
    expect(created).to_contain_text("已创建并转质检")
    found = TICKET_NUMBER.search(created.inner_text())
    assert found is not None
    number = found.group(0)
    agent.get_by_test_id("hangup").click()
    agent.get_by_test_id("summary-ready").click()
    expect(agent.get_by_test_id("agent-state")).to_have_text("空闲")

    # QA (a browser of their own) finds it in the work list and assigns billing.
    qa = sign_in(browser, contexts, base_url, "qa01")
    open_from_work_list(qa, base_url, number)
    qa.go_back()
    qa.screenshot(path=str(artifacts / "ticket-work-list-qa.png"), full_page=True)
    qa.go_forward()
    expect(qa.get_by_test_id("ticket-demand")).to_have_text("退还多扣的 10 元")
    expect(qa.get_by_test_id("ticket-contact")).to_have_text("13912345678")
    expect(qa.get_by_test_id("ticket-line")).to_have_text(CALLER)
    expect(qa.get_by_test_id("action-department_reply")).to_have_count(0)
    qa.get_by_test_id("assign_department-department").select_option("billing")
    act(qa, "assign_department", "部门处理中")

    # Billing replies; QA sends the reply back once; billing replies again.
    billing = sign_in(browser, contexts, base_url, "dept_bill")
    open_from_work_list(billing, base_url, number)
    billing.get_by_test_id("department_reply-reply").fill("已核查话单，系统重复计费")
    act(billing, "department_reply", "回复待审核")
    qa.reload()
    qa.get_by_test_id("send_back-note").fill("请说明原因及处理措施")
    act(qa, "send_back", "部门处理中")
    billing.reload()
    billing.get_by_test_id("department_reply-reply").fill("计费表配置错误已修正，重复的 10 元应退还")
    act(billing, "department_reply", "回复待审核")

    # QA accepts with a refund of 10.00 yuan: the account rises by exactly that.
    before = balance_fen(demo_app)
    qa.reload()
    qa.get_by_test_id("accept_reply-resolution").fill("确认重复计费，退还 10 元")
    qa.get_by_test_id("accept_reply-refund_fen").fill("10.00")
    act(qa, "accept_reply", "待告知客户")
    expect(qa.get_by_test_id("ticket-refund")).to_contain_text("10.00")
    assert balance_fen(demo_app) - before == 1000

    # The owner sees the callback task on the workspace, tells the customer, closes.
    agent.goto(f"{base_url}/desk/")
    expect(agent.get_by_test_id(f"task-{number}")).to_be_visible()
    agent.screenshot(path=str(artifacts / "ticket-workspace-tasks.png"), full_page=True)
    agent.get_by_test_id(f"task-link-{number}").click()
    expect(agent.get_by_test_id("action-close_satisfied")).to_be_visible()
    agent.get_by_test_id("close_satisfied-customer_informed").check()
    agent.get_by_test_id("close_satisfied-satisfaction").select_option("5")
    act(agent, "close_satisfied", "已关闭")
    expect(agent.get_by_test_id("action-close_satisfied")).to_have_count(0)
    steps = agent.get_by_test_id("timeline").get_by_test_id("event")
    expect(steps).to_have_count(len(EVERY_STEP))
    assert [steps.nth(i).get_attribute("data-action") for i in range(len(EVERY_STEP))] == EVERY_STEP
    agent.screenshot(path=str(artifacts / "ticket-complaint-closed.png"), full_page=True)

    with Session(demo_app.state.engine) as db:
        ticket = db.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        history = db.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
                             .order_by(TicketEvent.at, TicketEvent.id)).all()
        callbacks = db.scalars(select(TicketTask).where(TicketTask.ticket_id == ticket.id)).all()
    assert (ticket.status, ticket.refund_fen, ticket.satisfaction) == ("closed", 1000, 5)
    assert ticket.customer_informed_at is not None and ticket.resolution
    assert list(history) == EVERY_STEP
    assert callbacks and all(task.done_at is not None for task in callbacks)
    assert balance_fen(demo_app) - before == 1000  # credited once
