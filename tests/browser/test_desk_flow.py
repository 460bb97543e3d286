"""The agent desk and the supervisor view in real headless Chromium, with the dispatcher
running: a call pops up on the agent's desk, is answered, noted, ticketed, transferred to
complaints where a second agent sees the notes, and wrapped up; the supervisor watches."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Agent, QueueEntry, Ticket
from tests.browser.desk_login import sign_in

pytestmark = pytest.mark.browser

CALLER = "13800000001"  # 张三
IVR_CONTEXT = {"reason": "caller_request", "language": "zh", "verified": True,
               "verified_number": CALLER, "failed_pin_attempts": 0,
               "menu_path": ["main", "queries", "balance"], "heard": ["balance"], "notes": {}}
DOCS = Path(__file__).resolve().parents[2] / "docs"
LIVE_MS = 5000



def go_available(page: Page) -> None:
    page.get_by_test_id("go-available").click()
    expect(page.get_by_test_id("agent-state")).to_have_text("空闲")


def place_call(demo_app: FastAPI, base_url: str, call_id: str, skill: str,
               number: str = CALLER) -> None:
    """What the IVR does when the caller presses 0: POST /ivr/v1/queue with its token."""
    token = demo_app.state.settings.ivr_service_token
    response = httpx.post(f"{base_url}/ivr/v1/queue",
                          headers={"Authorization": f"Bearer {token}"},
                          json={"call_id": call_id, "caller_number": number, "skill": skill,
                                "context": IVR_CONTEXT})
    assert response.status_code == 200, response.text


def agent_state(demo_app: FastAPI, username: str) -> tuple[str, str | None]:
    with Session(demo_app.state.engine) as db:
        agent = db.scalar(select(Agent).where(Agent.username == username))
        assert agent is not None
        return agent.state, agent.state_reason


def test_a_call_from_screen_pop_through_transfer_to_wrap_up(
        browser: Browser, contexts: list[BrowserContext], base_url: str, demo_app: FastAPI,
        dispatching: None, artifacts: Path) -> None:
    billing = sign_in(browser, contexts, base_url, "agent05")
    complaints = sign_in(browser, contexts, base_url, "agent09")
    supervisor = sign_in(browser, contexts, base_url, "super01")
    supervisor.goto(f"{base_url}/desk/supervisor")
    expect(supervisor.get_by_test_id("queues")).to_be_visible()
    go_available(billing)
    go_available(complaints)
    expect(supervisor.get_by_test_id("agent-state-agent05")).to_have_text("空闲", timeout=LIVE_MS)

    # The IVR puts 张三 in the billing queue: the desk pops him up (how fast: bench/acd.py).
    place_call(demo_app, base_url, "browser-call-1", "billing")
    expect(billing.get_by_test_id("customer-name")).to_have_text("张三", timeout=LIVE_MS)
    expect(billing.get_by_test_id("ivr-menus")).to_have_text("main › queries › balance")
    expect(billing.get_by_test_id("ivr-verified")).to_contain_text("是")
    expect(billing.get_by_test_id("pop-balance")).to_be_visible()
    expect(supervisor.get_by_test_id("agent-state-agent05")).to_have_text("振铃", timeout=LIVE_MS)
    billing.screenshot(path=str(artifacts / "desk-ringing.png"), full_page=True)

    # A second caller for a skill nobody serves now: the supervisor sees the queue grow.
    place_call(demo_app, base_url, "browser-call-2", "faults", number="13800000002")
    expect(supervisor.get_by_test_id("waiting-faults")).to_have_text("1", timeout=LIVE_MS)

    # F2 answers; notes save themselves; a ticket is opened.
    billing.keyboard.press("F2")
    expect(billing.get_by_test_id("hangup")).to_be_visible()
    expect(supervisor.get_by_test_id("agent-state-agent05")).to_have_text("通话中", timeout=LIVE_MS)
    note = "客户对上月漫游费有异议，要求投诉"
    billing.get_by_test_id("notes").fill(note)
    expect(billing.get_by_test_id("notes-state")).to_contain_text("已保存", timeout=LIVE_MS)
    billing.get_by_test_id("ticket-section").locator("summary").click()
    billing.get_by_test_id("ticket-type").select_option("complaint")
    billing.get_by_test_id("ticket-summary").fill("漫游费计费异议")
    billing.get_by_test_id("ticket-details").fill("11月账单漫游费 30 元，客户称未出境")
    billing.get_by_test_id("ticket-submit").click()
    expect(billing.get_by_test_id("ticket-section").get_by_test_id("message")).to_contain_text(
        "已创建")
    expect(billing.get_by_test_id("pop-tickets")).to_contain_text("漫游费计费异议")
    billing.screenshot(path=str(artifacts / "desk-during-call.png"), full_page=False)
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):  # the README's picture, refreshed on request
        billing.evaluate("window.scrollTo(0, 0)")
        billing.screenshot(path=str(DOCS / "desk-during-call.png"), full_page=False)

    # Transfer to complaints: agent09's desk rings with the IVR context and the notes.
    billing.get_by_test_id("transfer-section").locator("summary").click()
    billing.get_by_test_id("transfer-skill").select_option("complaints")
    billing.get_by_test_id("transfer-skill-submit").click()
    expect(billing.get_by_test_id("wrap-up")).to_be_visible()
    expect(complaints.get_by_test_id("transferred-badge")).to_be_visible(timeout=LIVE_MS)
    expect(complaints.get_by_test_id("customer-name")).to_have_text("张三")
    expect(complaints.get_by_test_id("agent-notes")).to_contain_text(note)
    expect(complaints.get_by_test_id("ivr-menus")).to_have_text("main › queries › balance")
    complaints.get_by_test_id("answer").click()
    expect(complaints.get_by_test_id("hangup")).to_be_visible()
    complaints.screenshot(path=str(artifacts / "desk-transferred-call.png"), full_page=True)

    # Wrap-up with a disposition; "save and ready" makes the agent available again.
    expect(billing.get_by_test_id("disposition")).to_have_value("transferred")
    billing.get_by_test_id("summary-ready").click()
    expect(billing.get_by_test_id("agent-state")).to_have_text("空闲")
    expect(supervisor.get_by_test_id("agent-state-agent09")).to_have_text("通话中", timeout=LIVE_MS)
    supervisor.screenshot(path=str(artifacts / "supervisor-live.png"), full_page=True)

    with Session(demo_app.state.engine) as db:
        first, second = db.scalars(select(QueueEntry).where(
            QueueEntry.call_uuid == "browser-call-1").order_by(QueueEntry.id)).all()
        ticket = db.scalar(select(Ticket).where(Ticket.summary == "漫游费计费异议"))
    assert (first.status, second.status) == ("completed", "answered")
    assert second.context["agent_notes"][0]["notes"] == note
    assert ticket is not None and ticket.channel == "agent"


def test_given_an_available_agent_when_the_desk_tab_closes_then_not_ready_within_ten_seconds(
        browser: Browser, contexts: list[BrowserContext], base_url: str, demo_app: FastAPI,
        dispatching: None) -> None:
    desk = sign_in(browser, contexts, base_url, "agent01")
    go_available(desk)
    assert agent_state(demo_app, "agent01")[0] == "available"
    closed_at = time.monotonic()
    desk.close()
    # The desk timeout is 10 s; allow one dispatcher tick and one feed poll on top.
    deadline = closed_at + demo_app.state.dispatcher.config.desk_timeout_s + 1
    while agent_state(demo_app, "agent01")[0] != "break":
        assert time.monotonic() < deadline, "the agent was not made not-ready in time"
        time.sleep(0.1)  # polling a condition with a deadline
    assert agent_state(demo_app, "agent01") == ("break", "desk_gone")


def test_the_desk_speaks_english_when_chosen(browser: Browser, contexts: list[BrowserContext],
                                             base_url: str, demo_app: FastAPI) -> None:
    desk = sign_in(browser, contexts, base_url, "agent05")
    desk.get_by_test_id("switch-language").click()
    expect(desk.get_by_text("Waiting for calls")).to_be_visible()
    expect(desk.get_by_test_id("agent-state")).to_have_text("Logged out")
