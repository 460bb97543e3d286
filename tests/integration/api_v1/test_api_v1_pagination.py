"""Cursor pagination: walking every page yields every row once, in order, whatever the limit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.api.v1.pagination import encode_cursor
from backoffice.db.models import Account, Customer, Payment

pytestmark = pytest.mark.usefixtures("demo")


def walk(api: TestClient, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        page = api.get(path, params=query)
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert body["items"], "a page with a next cursor is never empty"
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_walking_customers_gives_each_exactly_once_oldest_first(
    api: TestClient, app_engine: Engine, limit: int,
) -> None:
    with Session(app_engine) as db:
        expected = list(db.scalars(select(Customer.id).order_by(Customer.id)))
    ids = [c["id"] for c in walk(api, "/api/v1/customers", limit)]
    assert ids == expected
    assert len(set(ids)) == len(ids) > limit or limit == 50


def test_walking_payments_gives_each_once_newest_first(api: TestClient, app_engine: Engine) -> None:
    with Session(app_engine) as db:
        account_id = db.scalars(
            select(Payment.account_id).group_by(Payment.account_id)
            .order_by(func.count().desc(), Payment.account_id).limit(1)).one()
        expected = list(db.scalars(select(Payment.id).where(Payment.account_id == account_id)
                                   .order_by(Payment.id.desc())))
    assert len(expected) >= 2
    ids = [p["id"] for p in walk(api, f"/api/v1/accounts/{account_id}/payments", 1)]
    assert ids == expected


def test_walking_bills_gives_each_once_newest_first(api: TestClient, app_engine: Engine) -> None:
    with Session(app_engine) as db:
        account_id = db.scalars(select(Account.id).order_by(Account.id).limit(1)).one()
    bills = walk(api, f"/api/v1/accounts/{account_id}/bills", 2)
    ids = [b["id"] for b in bills]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) >= 3
    assert all(b["account_id"] == account_id for b in bills)


def test_filters_hold_on_every_page(api: TestClient) -> None:
    everyone = walk(api, "/api/v1/customers", 200)
    with_name = walk(api, "/api/v1/customers", 2, name="王")
    assert {c["id"] for c in with_name} == {c["id"] for c in everyone if "王" in c["name"]}


def test_rows_added_while_walking_do_not_shift_the_pages(
    api: TestClient, app_engine: Engine,
) -> None:
    first = api.get("/api/v1/customers", params={"limit": 5}).json()
    with Session(app_engine) as db, db.begin():
        db.add(Customer(name="新客户", id_document="x", area="xuhui"))
    rest = walk(api, "/api/v1/customers", 5, cursor=first["next_cursor"])
    ids = [c["id"] for c in first["items"] + rest]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    assert rest[-1]["name"] == "新客户"


@pytest.mark.parametrize("cursor", ["aWQ6", "bm9wZQ", "aWQ6LTE", "aWQ6OTk5OTk5OTk5OTk5", "x"])
def test_a_forged_cursor_is_a_422_problem(api: TestClient, cursor: str) -> None:
    response = api.get("/api/v1/customers", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-cursor"


def test_a_cursor_past_the_end_gives_an_empty_last_page(api: TestClient) -> None:
    body = api.get("/api/v1/customers", params={"cursor": encode_cursor(10**9)}).json()
    assert body == {"items": [], "next_cursor": None}
