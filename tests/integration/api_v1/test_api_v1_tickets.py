"""Tickets opened through the API: readable number, history, filters, checked references."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import Account, Line
from backoffice.domain.ticket_numbers import is_valid_ticket_number, make_ticket_number

pytestmark = pytest.mark.usefixtures("demo")


def owner_of(engine: Engine, number: str) -> int:
    with Session(engine) as db:
        return db.scalars(select(Account.customer_id).join(Line).where(Line.number == number)
                          ).one()


def test_given_a_line_number_when_opening_a_ticket_then_it_is_received_with_history(
    api: TestClient, app_engine: Engine,
) -> None:
    response = api.post("/api/v1/tickets", json={
        "type": "complaint", "summary": "charged twice", "details": "line 1\nline 2",
        "demand": "refund", "line_number": "13800000004", "contact_number": "13800000004"})
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert is_valid_ticket_number(ticket["number"])
    assert (ticket["status"], ticket["channel"]) == ("received", "api")
    assert ticket["customer_id"] == owner_of(app_engine, "13800000004")
    assert ticket["overdue"] is False and ticket["sla_deadline"]
    assert [(e["action"], e["to_status"], e["actor"]) for e in ticket["events"]] == [
        ("created", "received", "api:all-scopes")]
    again = api.get(f"/api/v1/tickets/{ticket['number']}").json()
    assert again == ticket | {"overdue": again["overdue"]}


def test_tickets_of_one_day_get_distinct_numbers(api: TestClient) -> None:
    numbers = {api.post("/api/v1/tickets", json={"type": "suggestion", "summary": f"idea {n}"})
               .json()["number"] for n in range(4)}
    assert len(numbers) == 4


def test_listing_filters_by_type_status_and_customer(api: TestClient, app_engine: Engine) -> None:
    customer = owner_of(app_engine, "13800000004")
    created = api.post("/api/v1/tickets", json={
        "type": "appeal", "summary": "appeal", "customer_id": customer}).json()
    by_type = api.get("/api/v1/tickets", params={"type": "appeal"}).json()["items"]
    assert by_type[0]["number"] == created["number"]  # the demo has appeals too
    assert all(t["type"] == "appeal" for t in by_type)
    by_customer = api.get("/api/v1/tickets", params={"customer_id": customer}).json()["items"]
    assert created["number"] in [t["number"] for t in by_customer]
    assert all(t["customer_id"] == customer for t in by_customer)
    received = api.get("/api/v1/tickets", params={"status": "received"}).json()["items"]
    assert received and all(t["status"] == "received" for t in received)
    everything = api.get("/api/v1/tickets").json()["items"]
    assert everything[0]["number"] == created["number"]  # newest first


@pytest.mark.parametrize(("body", "says"), [
    ({"type": "complaint", "summary": "x", "customer_id": 999999}, "no customer 999999"),
    ({"type": "complaint", "summary": "x", "line_number": "19900000000"}, "no line"),
    ({"type": "complaint", "summary": "x", "line_number": "13800000001", "customer_id": 2},
     "does not belong"),
])
def test_references_to_missing_or_mismatched_objects_are_422(
    api: TestClient, body: dict[str, object], says: str,
) -> None:
    response = api.post("/api/v1/tickets", json=body)
    assert response.status_code == 422
    assert says in response.json()["detail"]


@pytest.mark.parametrize("body", [
    {"type": "gossip", "summary": "x"}, {"type": "complaint", "summary": "   "},
    {"type": "complaint", "summary": "x" * 201}, {"type": "complaint"},
    {"type": "complaint", "summary": "a\x00b"}, {"type": "complaint", "summary": "x",
                                                 "contact_number": "call me"},
])
def test_bad_ticket_bodies_are_422(api: TestClient, body: dict[str, object]) -> None:
    assert api.post("/api/v1/tickets", json=body).status_code == 422


def test_unknown_or_mistyped_ticket_numbers_are_404(api: TestClient) -> None:
    unknown = make_ticket_number(99_999, __import__("datetime").date(2030, 1, 1))
    assert api.get(f"/api/v1/tickets/{unknown}").status_code == 404
    mistyped = unknown[:-1] + str((int(unknown[-1]) + 1) % 10)
    response = api.get(f"/api/v1/tickets/{mistyped}")
    assert response.status_code == 404 and "check digit" in response.json()["detail"]
