"""Taking payments: exactly once per idempotency key, money as integer fen, service restored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.api.v1.payments import payment_path
from backoffice.db.base import utcnow
from backoffice.db.models import Account, ApiKey, IdempotencyRecord, Line, Payment
from backoffice.security.api_keys import ALL_SCOPES
from backoffice.services.idempotency import request_fingerprint
from tests.integration.api_v1.api_v1_helpers import KeyMaker, bearer

pytestmark = pytest.mark.usefixtures("demo")


def account_of(engine: Engine, number: str) -> int:
    with Session(engine) as db:
        return db.scalars(select(Line.account_id).where(Line.number == number)).one()


def owner_of(engine: Engine, key_name: str) -> str:
    """The idempotency namespace of the API key called ``key_name``."""
    with Session(engine) as db:
        return f"api_key:{db.scalars(select(ApiKey.id).where(ApiKey.name == key_name)).one()}"


def payment_count(engine: Engine, account_id: int) -> int:
    with Session(engine) as db:
        return db.scalar(select(func.count()).select_from(Payment)
                         .where(Payment.account_id == account_id)) or 0


def pay(api: TestClient, account_id: int, body: dict[str, Any], key: str | None,
        **headers: str) -> Any:
    extra = {"Idempotency-Key": key} if key is not None else {}
    return api.post(f"/api/v1/accounts/{account_id}/payments", json=body,
                    headers={**extra, **headers})


def test_given_same_key_and_body_when_retried_then_same_response_and_one_payment(
    api: TestClient, app_engine: Engine,
) -> None:
    account_id = account_of(app_engine, "13800000001")
    before = payment_count(app_engine, account_id)
    first = pay(api, account_id, {"amount_fen": 1234, "reference": "R-1"}, "key-1")
    again = pay(api, account_id, {"reference": "R-1", "amount_fen": 1234}, "key-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert payment_count(app_engine, account_id) == before + 1
    payment = first.json()
    assert payment["amount_fen"] == 1234 and payment["method"] == "api"
    assert payment["created_by"] == "api:all-scopes"


def test_given_same_key_and_other_body_then_422_and_no_payment(
    api: TestClient, app_engine: Engine,
) -> None:
    account_id = account_of(app_engine, "13800000001")
    assert pay(api, account_id, {"amount_fen": 1000}, "key-2").status_code == 201
    before = payment_count(app_engine, account_id)
    for body, target in (({"amount_fen": 1001}, account_id),
                         ({"amount_fen": 1000, "reference": "x"}, account_id),
                         ({"amount_fen": 1000}, account_of(app_engine, "13800000004"))):
        response = pay(api, target, body, "key-2")
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/idempotency-key-reused"
    assert payment_count(app_engine, account_id) == before


def test_given_a_request_in_flight_with_the_key_then_409(
    api: TestClient, app_engine: Engine, full_key: str,
) -> None:
    account_id = account_of(app_engine, "13800000001")
    body = {"amount_fen": 500}
    with Session(app_engine) as db, db.begin():
        db.add(IdempotencyRecord(
            owner=owner_of(app_engine, "all-scopes"), key="busy", status="in_flight",
            created_at=utcnow(),
            request_hash=request_fingerprint("POST", payment_path(account_id), {
                "amount_fen": 500, "reference": None})))
    before = payment_count(app_engine, account_id)
    response = pay(api, account_id, body, "busy")
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/idempotent-request-in-flight"
    assert payment_count(app_engine, account_id) == before
    with Session(app_engine) as db:  # the first request's claim is left alone
        assert db.scalars(select(IdempotencyRecord.status)
                          .where(IdempotencyRecord.key == "busy")).one() == "in_flight"


def test_given_an_abandoned_in_flight_record_then_the_retry_takes_over(
    api: TestClient, app_engine: Engine,
) -> None:
    account_id = account_of(app_engine, "13800000001")
    with Session(app_engine) as db, db.begin():
        db.add(IdempotencyRecord(
            owner=owner_of(app_engine, "all-scopes"), key="crashed", status="in_flight",
            created_at=utcnow() - timedelta(minutes=5),
            request_hash=request_fingerprint("POST", payment_path(account_id), {
                "amount_fen": 700, "reference": None})))
    before = payment_count(app_engine, account_id)
    assert pay(api, account_id, {"amount_fen": 700}, "crashed").status_code == 201
    assert payment_count(app_engine, account_id) == before + 1


def test_a_failed_request_frees_its_key_for_a_retry(api: TestClient, app_engine: Engine) -> None:
    assert pay(api, 987654, {"amount_fen": 100}, "retry-me").status_code == 404
    with Session(app_engine) as db:
        assert db.scalar(select(func.count()).select_from(IdempotencyRecord)
                         .where(IdempotencyRecord.key == "retry-me")) == 0


def test_keys_are_private_to_each_api_key(
    api: TestClient, app_engine: Engine, make_key: KeyMaker,
) -> None:
    account_id = account_of(app_engine, "13800000001")
    other = make_key(*ALL_SCOPES, name="other-integrator")
    before = payment_count(app_engine, account_id)
    assert pay(api, account_id, {"amount_fen": 300}, "shared").status_code == 201
    second = pay(api, account_id, {"amount_fen": 300}, "shared", **bearer(other))
    assert second.status_code == 201 and "idempotent-replayed" not in second.headers
    assert payment_count(app_engine, account_id) == before + 2


def test_a_payment_clearing_arrears_restores_service_at_once(
    api: TestClient, app_engine: Engine,
) -> None:
    account_id = account_of(app_engine, "13800000003")
    account = api.get(f"/api/v1/accounts/{account_id}").json()
    assert account["credit_state"] == "two_way_suspended"
    receipt = pay(api, account_id, {"amount_fen": account["owed_fen"]}, "clear-all").json()
    assert receipt["credit_state"] == "active"
    assert receipt["balance_fen"] == account["balance_fen"] + account["owed_fen"]
    after = api.get(f"/api/v1/accounts/{account_id}").json()
    assert (after["credit_state"], after["owed_fen"]) == ("active", 0)
    with Session(app_engine) as db:
        assert db.get(Account, account_id).credit_state == "active"  # type: ignore[union-attr]


@pytest.mark.parametrize("body", [
    {"amount_fen": 0}, {"amount_fen": -100}, {"amount_fen": 12.5}, {"amount_fen": 100.0},
    {"amount_fen": "100"}, {"amount_fen": True}, {"amount_fen": 100_000_001}, {},
    {"amount_fen": 100, "reference": "x" * 65}, {"amount_fen": 100, "reference": "a\x00b"},
    {"amount_fen": 100, "surprise": 1},
])
def test_bad_amounts_are_422_and_move_no_money(
    api: TestClient, app_engine: Engine, body: dict[str, Any],
) -> None:
    account_id = account_of(app_engine, "13800000001")
    before = payment_count(app_engine, account_id)
    response = pay(api, account_id, body, "bad-body")
    assert response.status_code == 422, response.text
    assert payment_count(app_engine, account_id) == before


@pytest.mark.parametrize("key", [None, "", "has space", "k" * 256, "é".encode()])
def test_a_missing_or_malformed_idempotency_key_is_422(
    api: TestClient, app_engine: Engine, key: str | bytes | None,
) -> None:
    account_id = account_of(app_engine, "13800000001")
    headers = {"Idempotency-Key": key} if key is not None else {}
    response = api.post(f"/api/v1/accounts/{account_id}/payments", json={"amount_fen": 100},
                        headers=headers)
    assert response.status_code == 422, response.text
    assert "idempotency-key" in response.json()["detail"].lower()


def test_payments_list_shows_the_new_payment_first(api: TestClient, app_engine: Engine) -> None:
    account_id = account_of(app_engine, "13800000004")
    created = pay(api, account_id, {"amount_fen": 4321}, "listed").json()
    first = api.get(f"/api/v1/accounts/{account_id}/payments", params={"limit": 1}).json()
    assert first["items"][0]["id"] == created["id"]
