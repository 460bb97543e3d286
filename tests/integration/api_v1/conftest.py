"""Integrator API fixtures: API keys with chosen scopes, and demo data to read."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backoffice.config import Settings
from backoffice.demo.load import load_demo_data
from backoffice.security.api_keys import ALL_SCOPES
from tests.integration.api_v1.api_v1_helpers import KeyMaker, bearer, new_key

DEMO_CUSTOMERS = 30


@pytest.fixture
def app_engine(client: TestClient) -> Engine:
    return client.app.state.engine  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def make_key(app_engine: Engine) -> KeyMaker:
    """`make_key("read:customers", ...)` → a fresh plaintext key with those scopes."""
    return lambda *scopes, name="test-integrator": new_key(app_engine, *scopes, name=name)


@pytest.fixture
def full_key(make_key: KeyMaker) -> str:
    return make_key(*ALL_SCOPES, name="all-scopes")


@pytest.fixture
def today(settings: Settings) -> date:
    return settings.today()


@pytest.fixture
def demo(app_engine: Engine, settings: Settings, today: date) -> None:
    load_demo_data(app_engine, DEMO_CUSTOMERS, 3, today, settings.pin_key_bytes, progress=False)


@pytest.fixture
def api(client: TestClient, full_key: str) -> TestClient:
    """The test client sending an all-scopes key on every request."""
    client.headers.update(bearer(full_key))
    return client
