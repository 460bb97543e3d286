"""A live back office with demo data (the engine of a simulated call reaches it over HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from backoffice.config import Settings
from backoffice.config import get_settings as cached_settings
from backoffice.simulator.router import registry_of
from tests.support.live_server import live_server


@pytest.fixture
def live(ivr: TestClient) -> Iterator[str]:
    """The base URL of the demo back office, served by uvicorn on 127.0.0.1."""
    with live_server(ivr.app) as base:
        yield base
        registry_of(ivr.app).hang_up_all()  # type: ignore[arg-type]


@pytest.fixture
def http(live: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live, timeout=30) as client:
        yield client


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Iterator[None]:
    """`callcenter` reads its settings from the environment: give it the test server's token."""
    monkeypatch.setenv("CALLCENTER_IVR_SERVICE_TOKEN", settings.ivr_service_token)
    cached_settings.cache_clear()
    yield
    cached_settings.cache_clear()
