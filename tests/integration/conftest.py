"""Integration fixtures: demo data in the test database and a client acting as the IVR."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from backoffice.config import Settings
from backoffice.demo.load import load_demo_data

DEMO_CUSTOMERS = 30


@pytest.fixture
def today(settings: Settings) -> date:
    return settings.today()


@pytest.fixture
def ivr(client: TestClient, settings: Settings, today: date) -> Iterator[TestClient]:
    """The app with a small demo data set, holding the IVR's service token."""
    load_demo_data(client.app.state.engine, DEMO_CUSTOMERS, 3, today,  # type: ignore[attr-defined]
                   settings.pin_key_bytes, progress=False)
    client.headers["Authorization"] = f"Bearer {settings.ivr_service_token}"
    yield client
