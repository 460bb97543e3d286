"""Incidents: open, list, read, resolve (idempotently), with checked times."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def open_incident(api: TestClient, **extra: object) -> dict[str, object]:
    body = {"area": "xuhui", "cause_code": "power", "cause_zh": "停电", "cause_en": "power cut",
            **extra}
    response = api.post("/api/v1/incidents", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_an_opened_incident_can_be_read_listed_and_resolved_once(api: TestClient) -> None:
    incident = open_incident(api, expected_fix_at="2099-01-01T08:00:00+08:00")
    assert incident["status"] == "open" and incident["created_by"] == "api:all-scopes"
    assert incident["expected_fix_at"] == "2099-01-01T00:00:00Z"
    assert api.get(f"/api/v1/incidents/{incident['id']}").json() == incident
    listed = api.get("/api/v1/incidents", params={"area": "xuhui", "status": "open"}).json()
    assert [i["id"] for i in listed["items"]] == [incident["id"]]
    first = api.post(f"/api/v1/incidents/{incident['id']}/resolve").json()
    again = api.post(f"/api/v1/incidents/{incident['id']}/resolve").json()
    assert first["status"] == "resolved" and first["resolved_at"]
    assert again["resolved_at"] == first["resolved_at"]
    assert api.get("/api/v1/incidents", params={"status": "open"}).json()["items"] == []


def test_lists_filter_by_area(api: TestClient) -> None:
    open_incident(api, area="pudong")
    other = open_incident(api, area="baoshan")
    listed = api.get("/api/v1/incidents", params={"area": "baoshan"}).json()["items"]
    assert [i["id"] for i in listed] == [other["id"]]


@pytest.mark.parametrize("extra", [
    {"started_at": "2026-01-01T10:00:00"},  # no time zone
    {"started_at": "0001-01-01T00:00:00+05:00"},
    {"started_at": "2026-01-02T10:00:00Z", "expected_fix_at": "2026-01-01T10:00:00Z"},
    {"cause_code": "aliens"}, {"area": "Not An Area"}, {"cause_zh": ""},
])
def test_bad_incidents_are_422(api: TestClient, extra: dict[str, object]) -> None:
    body = {"area": "xuhui", "cause_zh": "停电", "cause_en": "power cut", **extra}
    response = api.post("/api/v1/incidents", json=body)
    assert response.status_code == 422, response.text


def test_unknown_incidents_are_404(api: TestClient) -> None:
    assert api.get("/api/v1/incidents/31337").status_code == 404
    assert api.post("/api/v1/incidents/31337/resolve").status_code == 404
