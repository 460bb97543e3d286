"""The wallboard and the reports in real headless Chromium: a supervisor watches the wall
while the IVR queues a caller (the count changes live, without a reload), then opens the
reports over the demo's call history and sees the charts drawn."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from backoffice.db.models import Agent
from backoffice.demo.history import load_history
from backoffice.demo.reference import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CALLER = "13800000001"
LIVE_MS = 5000
HISTORY_DAYS = 3


@pytest.fixture
def history(demo_app: FastAPI) -> int:
    """A few days of calls before today (the reports' charts), and agent05 on a break: the
    queue is open (somebody is logged in) but nobody takes the caller."""
    today = demo_app.state.settings.today()
    with demo_app.state.engine.begin() as conn:
        load_history(conn, 3, today, HISTORY_DAYS)
    with Session(demo_app.state.engine) as db, db.begin():
        db.execute(update(Agent).where(Agent.username == "agent05").values(state="break"))
    return HISTORY_DAYS


def test_the_wallboard_counts_a_new_caller_live_and_the_reports_draw_their_charts(
        browser: Browser, history: int, base_url: str, demo_app: FastAPI,
        artifacts: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/desk/login")
        page.get_by_label("工号").fill("super01")
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_test_id("nav-wallboard").click()
        expect(page.get_by_test_id("wallboard")).to_be_visible()
        expect(page.get_by_test_id("wb-waiting-billing")).to_have_text("0")
        page.evaluate("window.stillTheSamePage = true")

        token = demo_app.state.settings.ivr_service_token
        response = httpx.post(f"{base_url}/ivr/v1/queue",
                              headers={"Authorization": f"Bearer {token}"},
                              json={"call_id": "wall-1", "caller_number": CALLER,
                                    "skill": "billing", "context": {"language": "zh"}})
        assert response.status_code == 200 and response.json()["destination"] != "callcenter_night"

        expect(page.get_by_test_id("wb-waiting-billing")).to_have_text("1", timeout=LIVE_MS)
        expect(page.get_by_test_id("wb-waiting")).to_have_text("1")
        expect(page.get_by_test_id("wb-longest")).to_contain_text(":")  # counting up
        assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
        page.screenshot(path=str(artifacts / "wallboard.png"), full_page=True)

        today = demo_app.state.settings.today()
        first, last = today - timedelta(days=history), today - timedelta(days=1)
        page.get_by_test_id("nav-reports").click()
        page.get_by_test_id("report-from").fill(first.isoformat())
        page.get_by_test_id("report-to").fill(last.isoformat())
        page.get_by_test_id("report-show").click()
        expect(page.get_by_test_id("report-table").locator("tbody tr")).to_have_count(history)
        for chart in ("chart-volume", "chart-abandonment", "chart-handle-time"):
            svg = page.get_by_test_id(chart)
            expect(svg).to_be_visible()
            box = svg.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100
        bars = page.get_by_test_id("chart-volume").locator("rect.bar")
        assert bars.count() == 2 * history  # offered and answered per day
        drawn = bars.first.bounding_box()
        assert drawn is not None and drawn["height"] > 0
        expect(page.get_by_test_id("chart-volume").locator("polyline.line")).to_have_count(1)
        page.screenshot(path=str(artifacts / "reports.png"), full_page=True)
    finally:
        context.close()
