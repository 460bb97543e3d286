"""The wallboard and the reports on the desk: who may open them, what they show (checked
against small hand-made days), the CSV, and the wallboard's live feed over a socket."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from backoffice.config import Settings
from backoffice.db.models import Agent, QueueEntry
from tests.integration.desk.desk_helpers import DeskUser, place_call
from tests.integration.desk.sse_client import events, live_login, wait_for
from tests.support.live_server import live_server

PAGES = ("/desk/wallboard", "/desk/wallboard/events", "/desk/reports", "/desk/reports.csv")


def on_break(engine: Engine, username: str) -> None:
    """Someone is logged in (so callers queue rather than get night service) but not free."""
    with Session(engine) as db, db.begin():
        db.execute(update(Agent).where(Agent.username == username).values(state="break"))


def local_today(settings: Settings, hour: int, second: int = 0) -> datetime:
    tz = ZoneInfo(settings.timezone)
    return datetime.combine(datetime.now(tz).date(), time(hour), tzinfo=tz) + \
        timedelta(seconds=second)


def add_entries(engine: Engine, day_hour: datetime, waits: list[float | None],
                skill: str = "billing") -> None:
    """One caller per wait, a minute apart: answered after `wait` s, or None: gone after 30 s."""
    with Session(engine) as db, db.begin():
        for i, wait in enumerate(waits):
            joined = day_hour + timedelta(minutes=i)
            db.add(QueueEntry(
                call_uuid=f"made-{day_hour:%d%H}-{i}", caller_number=f"1390000010{i}",
                skill=skill, status="completed" if wait is not None else "abandoned",
                context={}, missed_agent_ids=[], enqueued_at=joined,
                answered_at=joined + timedelta(seconds=wait) if wait is not None else None,
                ended_at=joined + timedelta(seconds=(wait or 0) + 30)))


def test_pages_need_a_login(app: FastAPI) -> None:
    anonymous = TestClient(app)
    for url in PAGES:
        response = anonymous.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/desk/login"


def test_an_agent_may_open_neither_the_wallboard_nor_the_reports(app: FastAPI) -> None:
    user = DeskUser.login(app, "agent05")
    for url in PAGES:
        response = user.get(url)
        assert response.status_code == 403, url
        assert "您的角色无权打开此页面" in response.text
    workspace = user.get("/desk/").text
    assert 'data-testid="nav-wallboard"' not in workspace
    assert 'data-testid="nav-reports"' not in workspace


def test_qa_reads_the_reports_but_not_the_wallboard(app: FastAPI) -> None:
    qa = DeskUser.login(app, "qa01")
    assert qa.get("/desk/reports").status_code == 200
    assert qa.get("/desk/reports.csv").status_code == 200
    assert qa.get("/desk/wallboard").status_code == 403
    home = qa.get("/desk/").text
    assert 'data-testid="nav-reports"' in home and 'data-testid="nav-wallboard"' not in home


def test_supervisors_and_admins_open_both(app: FastAPI) -> None:
    for username in ("super01", "admin"):
        user = DeskUser.login(app, username)
        wallboard = user.get("/desk/wallboard")
        assert wallboard.status_code == 200 and 'data-testid="wallboard"' in wallboard.text
        assert 'data-testid="nav-wallboard"' in wallboard.text
        assert user.get("/desk/reports").status_code == 200


def test_the_wallboard_shows_waiting_callers_and_todays_service_level_per_skill(
        app: FastAPI, app_engine: Engine, settings: Settings, switchboard: TestClient,
        ivr_token: str) -> None:
    on_break(app_engine, "agent05")
    # today in billing: answered after 10 s and after 20 s → 1 of 2 within 15 s: 50.0%
    add_entries(app_engine, local_today(settings, 0), [10, 20])
    place_call(switchboard, ivr_token, "wb-1", skill="faults")
    place_call(switchboard, ivr_token, "wb-2", skill="faults", number="13800000002")
    page = DeskUser.login(app, "super01").get("/desk/wallboard").text
    assert 'data-testid="wb-waiting-faults">2<' in page
    assert 'data-testid="wb-waiting-billing">0<' in page
    assert 'data-testid="wb-waiting">2<' in page
    assert 'data-testid="wb-sl-billing">50.0%<' in page
    assert 'data-testid="wb-sl-faults">—<' in page  # nobody answered yet: no value, not 0
    assert 'data-testid="wb-agents-break">1<' in page
    assert "15 秒内接通" in page


def test_the_reports_page_shows_the_table_and_three_charts(
        app: FastAPI, app_engine: Engine, settings: Settings) -> None:
    day = local_today(settings, 9) - timedelta(days=1)
    # yesterday: 10 s, 20 s, gone after 30 s → service level 1/3, ASA 15 s, abandoned 1/3
    add_entries(app_engine, day, [10, 20, None])
    user = DeskUser.login(app, "super01")
    key = f"{day:%Y-%m-%d}"
    page = user.get(f"/desk/reports?from={key}&to={key}&group_by=day").text
    assert f'<tr data-key="{key}">' in page
    row = page.split(f'<tr data-key="{key}">')[1].split("</tr>")[0]
    assert 'data-col="service_level">33.3%<' in row
    assert 'data-col="asa_s">15 秒<' in row
    assert 'data-col="abandonment_rate">33.3%<' in row
    assert 'data-col="occupancy">—<' in row  # no agent time recorded
    for chart in ("chart-volume", "chart-abandonment", "chart-handle-time"):
        assert f'data-testid="{chart}"' in page
    volume = page.split('data-testid="chart-volume"')[1].split("</svg>")[0]
    assert volume.count('class="bar s-offered"') == 1 and 'class="line s-level"' not in volume
    assert "33.3%" in volume  # the service level dot's tooltip
    by_hour = user.get(f"/desk/reports?from={key}&to={key}&group_by=hour").text
    assert f'<tr data-key="{key} 09:00">' in by_hour
    by_type = user.get(f"/desk/reports?from={key}&to={key}&group_by=ticket_type").text
    assert 'data-col="ticket_sla_hit_rate"' in by_type  # only what means something per type
    assert 'data-col="service_level"' not in by_type


def test_a_range_that_cannot_be_reported_is_refused_on_the_page_and_as_csv(app: FastAPI) -> None:
    user = DeskUser.login(app, "super01")
    page = user.get("/desk/reports?from=2026-11-20&to=2026-11-01")
    assert page.status_code == 422 and "起始日期不能晚于截止日期" in page.text
    too_long = user.get("/desk/reports.csv?from=2024-01-01&to=2026-01-01")
    assert too_long.status_code == 422 and "366" in too_long.text
    assert user.get("/desk/reports?from=someday").status_code == 422


def test_the_csv_carries_the_same_numbers(app: FastAPI, app_engine: Engine,
                                          settings: Settings) -> None:
    day = local_today(settings, 9) - timedelta(days=1)
    add_entries(app_engine, day, [10, 20, None])
    key = f"{day:%Y-%m-%d}"
    response = DeskUser.login(app, "super01").get(
        f"/desk/reports.csv?from={key}&to={key}&group_by=skill")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="kpi_skill_{key}_{key}.csv"' in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")  # a BOM for spreadsheets
    lines = {line["key"]: line for line in csv.DictReader(io.StringIO(text))}
    assert lines["billing"]["service_level"] == "0.3333" and lines["billing"]["asa_s"] == "15.0"
    assert lines["billing"]["label_zh"] == "话费账单"
    assert lines["total"]["offered"] == "3"


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def test_the_wallboard_feed_sends_a_new_board_when_a_caller_joins(
        app: FastAPI, app_engine: Engine, base_url: str, ivr_token: str) -> None:
    on_break(app_engine, "agent05")
    client, _csrf = live_login(base_url, "super01")
    try:
        with client.stream("GET", "/desk/wallboard/events") as response, \
                httpx.Client(base_url=base_url, timeout=5.0) as ivr:
            stream = events(response)
            first = wait_for(stream, lambda e: e.name == "wallboard", timeout_s=5)
            assert 'data-testid="wb-waiting">0<' in first.data
            place_call(ivr, ivr_token, "wb-live", skill="billing")  # type: ignore[arg-type]
            changed = wait_for(stream, lambda e: e.name == "wallboard", timeout_s=5)
            assert 'data-testid="wb-waiting-billing">1<' in changed.data
    finally:
        client.close()
