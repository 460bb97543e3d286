"""GET /api/v1/reports/kpis: the indicators of a small hand-made day as JSON and CSV, and
problem+json for ranges that cannot be reported."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backoffice.config import Settings
from backoffice.db.models import QueueEntry

DAY = date(2026, 11, 20)


def at(settings: Settings, hour: int, second: int = 0) -> datetime:
    local = datetime.combine(DAY, time(hour), tzinfo=ZoneInfo(settings.timezone))
    return local + timedelta(seconds=second)


@pytest.fixture
def recorded_day(app_engine: Engine, settings: Settings) -> None:
    """Three callers on 20 Nov: answered after 10 s, answered after 20 s, gone after 30 s."""
    with Session(app_engine) as db, db.begin():
        for i, (answered, ended) in enumerate([(10, 200), (20, 100), (None, 30)], 1):
            db.add(QueueEntry(
                call_uuid=f"k{i}", caller_number=f"1390000000{i}", skill="billing",
                status="completed" if answered else "abandoned", context={},
                missed_agent_ids=[], enqueued_at=at(settings, 9 + i),
                answered_at=at(settings, 9 + i, answered) if answered else None,
                ended_at=at(settings, 9 + i, ended)))


@pytest.mark.usefixtures("recorded_day")
def test_a_day_report_as_json(api: TestClient) -> None:
    response = api.get("/api/v1/reports/kpis", params={"from": "2026-11-19", "to": "2026-11-20"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["from"], body["to"], body["group_by"]) == ("2026-11-19", "2026-11-20", "day")
    assert body["service_level_threshold_s"] == 15 and body["short_abandon_s"] == 5
    first, second = body["rows"]
    assert first["key"] == "2026-11-19" and first["offered"] == 0
    assert first["service_level"] is None  # no calls: nothing to compute
    # 10 s within 15 s, 20 s not, one abandon after 30 s → 1/3; ASA (10+20)/2 = 15 s
    assert second["offered"] == 3 and second["answered"] == 2 and second["abandoned"] == 1
    assert second["service_level"] == 0.3333 and second["asa_s"] == 15.0
    assert second["abandonment_rate"] == 0.3333
    assert body["total"]["key"] == "total" and body["total"]["offered"] == 3
    assert len(body["handle_time_histogram"]) == 11


@pytest.mark.usefixtures("demo", "recorded_day")  # the demo's skills: a line each
def test_a_skill_report_as_csv_by_accept_header_or_by_format(api: TestClient) -> None:
    query = {"from": "2026-11-20", "to": "2026-11-20", "group_by": "skill"}
    by_header = api.get("/api/v1/reports/kpis", params=query, headers={"Accept": "text/csv"})
    by_format = api.get("/api/v1/reports/kpis", params={**query, "format": "csv"})
    for response in (by_header, by_format):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
    assert by_header.text == by_format.text
    lines = {line["key"]: line for line in csv.DictReader(io.StringIO(by_header.text))}
    assert lines["billing"]["service_level"] == "0.3333"
    assert lines["billing"]["group_by"] == "skill"
    assert lines["faults"]["service_level"] == "" and lines["faults"]["offered"] == "0"
    assert lines["total"]["offered"] == "3"


@pytest.mark.parametrize(("params", "code"), [
    ({"from": "2026-11-20", "to": "2026-11-19"}, "range_reversed"),
    ({"from": "2025-01-01", "to": "2026-01-02"}, "range_too_long"),
    ({"from": "2026-01-01", "to": "2026-02-15", "group_by": "hour"}, "hourly_too_long"),
    ({"from": "0001-01-01", "to": "0001-01-02"}, "days_out_of_range"),
    ({"from": "9999-12-30", "to": "9999-12-31"}, "days_out_of_range"),
])
def test_ranges_that_cannot_be_reported_are_problems(api: TestClient, params: dict[str, str],
                                                     code: str) -> None:
    response = api.get("/api/v1/reports/kpis", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/invalid-report-range" and problem["code"] == code


def test_bad_parameters_are_validation_problems(api: TestClient) -> None:
    for params in ({"from": "2026-11-20"}, {"from": "yesterday", "to": "2026-11-20"},
                   {"from": "2026-11-20", "to": "2026-11-20", "group_by": "week"}):
        response = api.get("/api/v1/reports/kpis", params=params)
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/validation"
