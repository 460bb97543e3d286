"""Customers, accounts and lines: filters, nested detail, 404s, no PIN material, audited reads."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import Account, AuditLog, Customer, Line

pytestmark = pytest.mark.usefixtures("demo")


def customer_id_of(engine: Engine, number: str) -> int:
    with Session(engine) as db:
        return db.scalars(select(Account.customer_id).join(Line).where(Line.number == number)).one()


def test_given_a_line_number_when_listing_customers_then_only_its_owner(
    api: TestClient, app_engine: Engine,
) -> None:
    page = api.get("/api/v1/customers", params={"number": "13800000002"}).json()
    assert [c["id"] for c in page["items"]] == [customer_id_of(app_engine, "13800000002")]
    assert page["items"][0]["name"] == "李四"
    assert page["next_cursor"] is None


def test_given_a_contract_number_or_name_part_when_listing_then_filters_apply(
    api: TestClient, app_engine: Engine,
) -> None:
    with Session(app_engine) as db:
        account = db.scalars(select(Account).order_by(Account.id).limit(1)).one()
        contract, owner = account.contract_number, account.customer_id
        total = len(db.scalars(select(Customer.id)).all())
    by_contract = api.get("/api/v1/customers", params={"contract_number": contract}).json()
    assert [c["id"] for c in by_contract["items"]] == [owner]
    by_name = api.get("/api/v1/customers", params={"name": "li ming"}).json()
    assert [c["name"] for c in by_name["items"]] == ["Li Ming"]  # any case
    both = api.get("/api/v1/customers", params={"name": "李四", "contract_number": contract})
    assert both.json()["items"] == []  # filters combine
    wildcard = api.get("/api/v1/customers", params={"name": "%", "limit": 200}).json()
    assert wildcard["items"] == [] and total > 0  # '%' is a character, not a wildcard


def test_customer_detail_nests_accounts_and_lines_without_pin_material(
    api: TestClient, app_engine: Engine,
) -> None:
    customer_id = customer_id_of(app_engine, "13800000001")
    detail = api.get(f"/api/v1/customers/{customer_id}").json()
    assert detail["name"] == "张三" and detail["area"] == "pudong"
    numbers = [line["number"] for a in detail["accounts"] for line in a["lines"]]
    assert "13800000001" in numbers
    line = next(x for a in detail["accounts"] for x in a["lines"] if x["number"] == "13800000001")
    assert line["pin_set"] is True and line["plan"]["code"]
    assert "pin" not in line and "pin_hash" not in line and "pin_salt" not in line


def test_account_shows_balance_credit_state_and_arrears(
    api: TestClient, app_engine: Engine,
) -> None:
    with Session(app_engine) as db:
        line = db.scalars(select(Line).where(Line.number == "13800000002")).one()
        account = line.account
        expected = (account.id, account.balance_fen, account.credit_state)
    body = api.get(f"/api/v1/accounts/{expected[0]}").json()
    assert (body["id"], body["balance_fen"], body["credit_state"]) == expected
    assert body["credit_state"] == "one_way_suspended"
    assert body["owed_fen"] > 0 and body["months_in_arrears"] == 1
    assert "13800000002" in [x["number"] for x in body["lines"]]


def test_line_detail(api: TestClient, app_engine: Engine) -> None:
    with Session(app_engine) as db:
        line_id = db.scalars(select(Line.id).where(Line.number == "13800000005")).one()
    body = api.get(f"/api/v1/lines/{line_id}").json()
    assert body["number"] == "13800000005"
    assert body["pin_locked_until"] is not None  # the showcase line with a locked PIN


@pytest.mark.parametrize("path", ["/api/v1/customers/999999", "/api/v1/accounts/999999",
                                  "/api/v1/lines/999999"])
def test_unknown_objects_are_404_problems(api: TestClient, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "999999" in response.json()["detail"]


@pytest.mark.parametrize("query", [
    {"number": "12ab"}, {"name": ""}, {"name": "x\x00y"}, {"contract_number": "a b"},
    {"limit": 0}, {"limit": 201}, {"limit": "many"}, {"cursor": "!!"},
])
def test_bad_filters_are_422_problems(api: TestClient, query: dict[str, object]) -> None:
    response = api.get("/api/v1/customers", params=query)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/api/v1/customers/0", "/api/v1/customers/2147483648",
                                  "/api/v1/accounts/-1", "/api/v1/lines/abc"])
def test_out_of_range_ids_are_422_not_500(api: TestClient, path: str) -> None:
    assert api.get(path).status_code == 422


def test_reads_of_customer_data_are_audited_with_the_integrator_name(
    api: TestClient, app_engine: Engine,
) -> None:
    customer_id = customer_id_of(app_engine, "13800000001")
    api.get(f"/api/v1/customers/{customer_id}")
    api.get("/api/v1/customers", params={"number": "13800000001"})
    with Session(app_engine) as db:
        rows = db.scalars(select(AuditLog).where(AuditLog.actor == "api:all-scopes")
                          .order_by(AuditLog.id)).all()
    assert [(r.action, r.object_id) for r in rows] == [
        ("customer_read", str(customer_id)), ("customers_listed", None)]
    assert rows[1].details["count"] == 1
