"""1,000 concurrent retries of one payment, over real sockets: exactly one payment is made.

A real uvicorn server runs the app on the test database (SQLite and PostgreSQL), and
httpx fires all requests at once through 50 connections. Every answer must be the first
response (201, same body) or a 409 "still in flight" problem.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.models import IdempotencyRecord, Line, Payment
from tests.integration.api_v1.api_v1_helpers import bearer
from tests.support.live_server import live_server

RETRIES = 1000
CONNECTIONS = 50

pytestmark = pytest.mark.usefixtures("demo")


async def fire(base_url: str, path: str, headers: dict[str, str],
               body: dict[str, Any]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=90) as http:
        return list(await asyncio.gather(
            *(http.post(path, json=body, headers=headers) for _ in range(RETRIES))))


@pytest.mark.timeout(300)
def test_given_1000_concurrent_retries_with_one_key_then_exactly_one_payment(
    client: TestClient, app_engine: Engine, full_key: str,
) -> None:
    with Session(app_engine) as db:
        account_id = db.scalars(select(Line.account_id).where(Line.number == "13800000001")).one()
        before = db.scalar(select(func.count()).select_from(Payment)) or 0
    body = {"amount_fen": 8888, "reference": "race"}
    headers = {**bearer(full_key), "Idempotency-Key": "one-payment-many-retries"}

    with live_server(client.app) as base_url:
        responses = asyncio.run(fire(base_url, f"/api/v1/accounts/{account_id}/payments",
                                     headers, body))

    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {201, 409}, sorted(set(statuses))
    created = [r for r in responses if r.status_code == 201]
    originals = [r for r in created if "idempotent-replayed" not in r.headers]
    assert len(originals) == 1
    assert all(r.json() == originals[0].json() for r in created)
    assert all(r.json()["type"] == "/problems/idempotent-request-in-flight"
               for r in responses if r.status_code == 409)
    with Session(app_engine) as db:
        assert (db.scalar(select(func.count()).select_from(Payment)) or 0) == before + 1
        payment = db.scalars(select(Payment).where(Payment.reference == "race")).one()
        assert (payment.id, payment.amount_fen) == (originals[0].json()["id"], 8888)
        record = db.scalars(select(IdempotencyRecord)).one()
        assert (record.status, record.response_status) == ("done", 201)
