"""Webhook fixtures: write sessions on the test database, a receiver, endpoints and tickets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.engine import make_session_factory
from tests.integration.api_v1.api_v1_helpers import bearer, new_key
from tests.integration.webhooks.webhook_receiver import Receiver, running_receiver

SIGNING_KEY = "test-webhook-signing-key-0123456789"
T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine, write=True)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as r:
        yield r


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as client:  # no proxy from the environment: 127.0.0.1 only
        yield client


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    """The test client sending a key with only the `admin:webhooks` scope."""
    key = new_key(client.app.state.engine, "admin:webhooks", name="hooks-admin")  # type: ignore[attr-defined]
    client.headers.update(bearer(key))
    return client
