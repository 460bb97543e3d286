"""IVR API fixtures: demo data in the test database and a client holding the service token."""

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
    load_demo_data(client.app.state.engine, DEMO_CUSTOMERS, 3, today,  # type: ignore[attr-defined]
                   settings.pin_key_bytes, progress=False)
    client.headers["Authorization"] = f"Bearer {settings.ivr_service_token}"
    yield client


def verify(ivr: TestClient, number: str, pin: str = "135790", call_id: str = "call-1") -> dict:
    return ivr.post("/ivr/v1/pin/verify", json={"call_id": call_id, "number": number,
                                                "pin": pin}).json()


def token_for(ivr: TestClient, number: str, call_id: str = "call-1") -> dict[str, str]:
    result = verify(ivr, number, call_id=call_id)
    assert result["status"] == "ok", result
    return {"X-Caller-Token": result["token"]}
