"""The ticket workflow through the integrator API (actions as role "api", problems for
refusals, filters, deadlines and tasks) and through the IVR (spoken progress of the new
statuses, fault reports under an incident), against the demo data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import Customer, Line
from backoffice.security.api_keys import ALL_SCOPES
from tests.integration.api_v1.api_v1_helpers import bearer, new_key


@pytest.fixture
def key(ivr: TestClient) -> dict[str, str]:
    """An all-scopes API key's header (the client itself holds the IVR's token)."""
    return bearer(new_key(ivr.app.state.engine, *ALL_SCOPES, name="crm"))  # type: ignore[attr-defined]


def _post(ivr: TestClient, key: dict[str, str], path: str, **body: Any) -> Any:
    return ivr.post(f"/api/v1{path}", headers=key, json=body)


def _act(ivr: TestClient, key: dict[str, str], number: str, action: str, **fields: Any) -> Any:
    return _post(ivr, key, f"/tickets/{number}/actions", action=action, **fields)


def _spoken(ivr: TestClient, caller: str, number: str) -> str:
    answer = ivr.post("/ivr/v1/tickets/status", json={"caller_number": caller,
                                                       "ticket_number": number}).json()
    assert answer["owned_by_caller"] is True, answer
    return str(answer["status"])


LI_MING = "13800000004"  # no arrears, urban


def test_a_complaint_moves_by_api_within_the_api_role(ivr: TestClient,
                                                      key: dict[str, str]) -> None:
    created = _post(ivr, key, "/tickets", type="complaint", summary="charged twice",
                    line_number=LI_MING).json()
    number = created["number"]
    assert created["accept_deadline"] and created["sla_deadline"] and not created["overdue"]
    assert created["allowed_actions"] == ["resolve_on_call", "send_to_qa", "add_note"]
    assert _spoken(ivr, LI_MING, number) == "received"
    moved = _act(ivr, key, number, "send_to_qa", note="customer wants a written answer")
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "qa_review"
    assert [(e["action"], e["actor"]) for e in moved.json()["events"]][-1] == (
        "send_to_qa", "api:crm")
    assert _spoken(ivr, LI_MING, number) == "in_progress"
    refused = _act(ivr, key, number, "assign_department", department="billing")
    assert refused.status_code == 403
    assert refused.json()["type"] == "/problems/action-not-allowed"
    forbidden = _act(ivr, key, number, "close", customer_informed=True)
    assert forbidden.status_code == 409
    assert forbidden.headers["content-type"] == "application/problem+json"
    problem = forbidden.json()
    assert problem["type"] == "/problems/forbidden-transition"
    assert "'qa_review'" in problem["detail"] and "assign_department" in problem["detail"]
    assert problem["status"] == 409 and problem["ticket_status"] == "qa_review"
    assert problem["allowed_actions"] == ["assign_department", "add_note"]


def test_a_service_order_is_fulfilled_by_api_and_heard_by_phone(
        ivr: TestClient, key: dict[str, str]) -> None:
    order = _post(ivr, key, "/tickets", type="service_order", subtype="new_install",
                  summary="broadband", line_number=LI_MING)
    assert order.status_code == 201, order.text
    number = order.json()["number"]
    assert _act(ivr, key, number, "accept").json()["status"] == "accepted"
    assert _act(ivr, key, number, "start_fulfilment").json()["status"] == "in_fulfilment"
    assert _spoken(ivr, LI_MING, number) == "in_progress"
    missing = _act(ivr, key, number, "complete")
    assert missing.status_code == 422
    assert missing.json()["type"] == "/problems/missing-field"
    assert missing.json()["field"] == "resolution"
    done = _act(ivr, key, number, "complete", resolution="installed")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert _spoken(ivr, LI_MING, number) == "resolved"
    (task,) = done.json()["tasks"]
    assert (task["kind"], task["role"], task["assignee_agent_id"]) == ("callback", "agent", None)
    listed = ivr.get(f"/api/v1/tickets/{number}/tasks", headers=key).json()
    assert listed == done.json()["tasks"]
    detail = ivr.get(f"/api/v1/tickets/{number}", headers=key).json()
    assert detail == done.json() | {"overdue": detail["overdue"]}
    not_by_api = _act(ivr, key, number, "close", customer_informed=True)
    assert not_by_api.status_code == 403  # telling the customer is the agents' job


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"type": "service_order", "subtype": "change", "summary": "x",
      "line_number": "13800000002"}, 409, "arrears"),
    ({"type": "service_order", "summary": "x", "line_number": LI_MING}, 422, "subtype"),
    ({"type": "complaint", "subtype": "change", "summary": "x"}, 422, "subtype"),
    ({"type": "service_order", "subtype": "move", "summary": "x"}, 422, "customer"),
])
def test_service_orders_are_refused_by_api_with_reasons(
        ivr: TestClient, key: dict[str, str], body: dict[str, Any], status: int,
        says: str) -> None:
    response = _post(ivr, key, "/tickets", **body)
    assert response.status_code == status, response.text
    assert says in response.json()["detail"]
    if status == 409:
        assert response.json()["reason"] == "arrears"


@pytest.mark.parametrize("fields", [
    {"action": "send_to_qa", "satisfaction": 6}, {"action": "explode"},
    {"action": "add_note", "refund_fen": -1}, {"action": "send_to_qa", "extra": 1},
])
def test_bad_action_bodies_are_422(ivr: TestClient, key: dict[str, str],
                                   fields: dict[str, Any]) -> None:
    number = _post(ivr, key, "/tickets", type="suggestion", summary="idea").json()["number"]
    assert _post(ivr, key, f"/tickets/{number}/actions", **fields).status_code == 422


def test_unknown_tickets_are_404_for_actions_and_tasks(ivr: TestClient,
                                                       key: dict[str, str]) -> None:
    assert _act(ivr, key, "261122099990", "add_note", note="x").status_code == 404
    assert ivr.get("/api/v1/tickets/261122099990/tasks", headers=key).status_code == 404


def test_lists_filter_on_overdue_with_the_clock_moved(ivr: TestClient,
                                                      key: dict[str, str]) -> None:
    number = _post(ivr, key, "/tickets", type="consultation", summary="roaming?",
                   line_number=LI_MING).json()["number"]

    def listed(**params: Any) -> set[str]:
        response = ivr.get("/api/v1/tickets", headers=key,
                           params={"type": "consultation", "limit": 200, **params})
        return {t["number"] for t in response.json()["items"] if t["number"] == number}

    assert listed(overdue=False) == {number} and listed(overdue=True) == set()
    with time_machine.travel(utcnow() + timedelta(days=5), tick=False):
        assert listed(overdue=True) == {number} and listed(overdue=False) == set()
        detail = ivr.get(f"/api/v1/tickets/{number}", headers=key).json()
        assert detail["overdue"] is True and detail["escalated_at"] is None


def _line_in(engine: Engine, area: str) -> str:
    with Session(engine) as db:
        return db.scalars(select(Line.number).join(Line.account).join(Customer)
                          .where(Customer.area == area).order_by(Line.id).limit(1)).one()


def test_resolving_an_incident_by_api_closes_the_faults_reported_meanwhile(
        ivr: TestClient, key: dict[str, str]) -> None:
    incident = _post(ivr, key, "/incidents", area="xuhui", cause_code="power",
                     cause_zh="停电", cause_en="power cut").json()
    line = _line_in(ivr.app.state.engine, "xuhui")  # type: ignore[attr-defined]
    body = {"call_id": "inc-1", "number": line, "fault_code": "no_dial_tone"}
    heard = ivr.post("/ivr/v1/faults", json=body).json()
    assert heard["incident"]["cause"] == "power" and heard["ticket_number"] is None
    assert ivr.post("/ivr/v1/faults", json=body).json() == heard  # a retry
    assert ivr.post("/ivr/v1/faults", json=body | {"call_id": "inc-2"}).json() == heard
    linked = ivr.get("/api/v1/tickets", headers=key, params={"status": "linked"}).json()
    numbers = [t["number"] for t in linked["items"] if t["incident_id"] == incident["id"]]
    assert len(numbers) == 1
    resolved = _post(ivr, key, f"/incidents/{incident['id']}/resolve",
                     reply="供电已恢复 / power is back")
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["closed_tickets"] == numbers
    ticket = ivr.get(f"/api/v1/tickets/{numbers[0]}", headers=key).json()
    assert (ticket["status"], ticket["resolution"]) == ("closed", "供电已恢复 / power is back")
    assert [t["kind"] for t in ticket["tasks"]] == ["callback"]
    assert _spoken(ivr, line, numbers[0]) == "closed"
    again = ivr.post(f"/api/v1/incidents/{incident['id']}/resolve", headers=key).json()
    assert again["closed_tickets"] == [] and again["resolved_at"] == resolved.json()["resolved_at"]
