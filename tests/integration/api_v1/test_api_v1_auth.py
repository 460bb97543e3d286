"""Every `/api/v1` route needs an API key with its one scope: 401 without a good key, 403
naming the missing scope, and through with it. Table-driven over the route list."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import ApiKey
from backoffice.security.api_keys import ALL_SCOPES, revoke_api_key
from tests.integration.api_v1.api_v1_helpers import KeyMaker, bearer, key_prefix

ROUTES = [
    ("GET", "/api/v1/customers", "read:customers"),
    ("GET", "/api/v1/customers/{customer_id}", "read:customers"),
    ("GET", "/api/v1/accounts/{account_id}", "read:billing"),
    ("GET", "/api/v1/lines/{line_id}", "read:customers"),
    ("GET", "/api/v1/accounts/{account_id}/bills", "read:billing"),
    ("GET", "/api/v1/bills/{bill_id}", "read:billing"),
    ("GET", "/api/v1/accounts/{account_id}/payments", "read:billing"),
    ("POST", "/api/v1/accounts/{account_id}/payments", "write:payments"),
    ("POST", "/api/v1/recharge-cards", "write:cards"),
    ("GET", "/api/v1/recharge-cards/{serial}", "read:billing"),
    ("POST", "/api/v1/recharge-cards/{serial}/void", "write:cards"),
    ("POST", "/api/v1/tickets", "write:tickets"),
    ("GET", "/api/v1/tickets", "read:tickets"),
    ("GET", "/api/v1/tickets/{number}", "read:tickets"),
    # tickets workflow (issue 7)
    ("POST", "/api/v1/tickets/{number}/actions", "write:tickets"),
    ("GET", "/api/v1/tickets/{number}/tasks", "read:tickets"),
    ("POST", "/api/v1/incidents", "write:incidents"),
    ("GET", "/api/v1/incidents", "read:incidents"),
    ("GET", "/api/v1/incidents/{incident_id}", "read:incidents"),
    ("POST", "/api/v1/incidents/{incident_id}/resolve", "write:incidents"),
    # Erlang C staffing (issue 8)
    ("GET", "/api/v1/staffing/erlang-c", "read:reports"),
    ("POST", "/api/v1/staffing/erlang-c/forecast", "read:reports"),
    # service indicator reports (issue 8)
    ("GET", "/api/v1/reports/kpis", "read:reports"),
    # outgoing webhooks (issue 7)
    ("POST", "/api/v1/webhooks", "admin:webhooks"),
    ("GET", "/api/v1/webhooks", "admin:webhooks"),
    ("DELETE", "/api/v1/webhooks/{webhook_id}", "admin:webhooks"),
    ("GET", "/api/v1/webhooks/{webhook_id}/secret", "admin:webhooks"),
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries", "admin:webhooks"),
    ("POST", "/api/v1/webhooks/deliveries/{delivery_id}/retry", "admin:webhooks"),
]
PATH_VALUES = {"customer_id": "1", "account_id": "1", "line_id": "1", "bill_id": "1",
               "incident_id": "1", "serial": "9000000001", "number": "261122000019",
               "webhook_id": "1", "delivery_id": "1"}
ROUTE_IDS = [f"{method} {path}" for method, path, _ in ROUTES]


def concrete(path: str) -> str:
    return path.format(**PATH_VALUES)


def send(client: TestClient, method: str, path: str, headers: dict[str, str]) -> httpx.Response:
    extra = {"Idempotency-Key": "auth-test"} if method == "POST" else {}
    return client.request(method, concrete(path), headers={**headers, **extra},
                          json={} if method == "POST" else None)


def test_the_route_table_lists_every_api_v1_route_with_its_documented_scope(
    client: TestClient,
) -> None:
    documented = set()
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        if path.startswith("/api/v1"):
            for method, operation in operations.items():
                documented.add((method.upper(), path, operation.get("x-required-scope")))
                assert operation["security"] == [{"ApiKey": []}]
    assert documented == set(ROUTES)


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES, ids=ROUTE_IDS)
def test_given_no_or_bad_key_when_calling_then_401_problem(
    client: TestClient, make_key: KeyMaker, app_engine: Engine, method: str, path: str,
    scope: str,
) -> None:
    revoked = make_key(*ALL_SCOPES, name="revoked")
    with Session(app_engine) as db, db.begin():
        revoke_api_key(db, key_prefix(revoked), "test", datetime.now(UTC))
    genuine = make_key(*ALL_SCOPES)
    forged = genuine[:-4] + ("aaaa" if not genuine.endswith("aaaa") else "bbbb")
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, bearer("not-a-key"),
                    bearer(forged), bearer(revoked)):
        response = send(client, method, path, headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES, ids=ROUTE_IDS)
def test_given_key_without_the_scope_when_calling_then_403_naming_it(
    client: TestClient, make_key: KeyMaker, method: str, path: str, scope: str,
) -> None:
    others = make_key(*[s for s in ALL_SCOPES if s != scope])
    response = send(client, method, path, bearer(others))
    assert response.status_code == 403, response.text
    problem = response.json()
    assert problem["type"] == "/problems/insufficient-scope"
    assert problem["required_scope"] == scope
    assert f"'{scope}'" in problem["detail"] and f"{method} {path}" in problem["detail"]


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES, ids=ROUTE_IDS)
def test_given_key_with_only_the_scope_when_calling_then_it_is_let_through(
    client: TestClient, make_key: KeyMaker, method: str, path: str, scope: str,
) -> None:
    response = send(client, method, path, bearer(make_key(scope)))
    # The database is empty, so the answer may be 404 or 422, but never an auth refusal.
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500


def test_keys_are_stored_hashed_and_use_is_recorded(
    client: TestClient, make_key: KeyMaker, app_engine: Engine,
) -> None:
    key = make_key("read:incidents")
    with Session(app_engine) as db:
        row = db.scalars(select(ApiKey)).one()
        assert key not in (row.key_hash, row.prefix) and key.split("_")[2] not in row.key_hash
        assert row.last_used_at is None
    assert client.get("/api/v1/incidents", headers=bearer(key)).status_code == 200
    with Session(app_engine) as db:
        assert db.scalars(select(ApiKey.last_used_at)).one() is not None


def test_a_key_revoked_after_use_is_refused_at_once(
    client: TestClient, make_key: KeyMaker, app_engine: Engine,
) -> None:
    key = make_key("read:incidents")
    assert client.get("/api/v1/incidents", headers=bearer(key)).status_code == 200
    with Session(app_engine) as db, db.begin():
        assert revoke_api_key(db, key_prefix(key), "test", datetime.now(UTC))
    response = client.get("/api/v1/incidents", headers=bearer(key))
    assert response.status_code == 401
    assert response.json()["type"] == "/problems/invalid-api-key"
