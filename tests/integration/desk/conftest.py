"""Desk fixtures: the app with demo data; people sign in with `DeskUser.login(app, ...)`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backoffice.config import Settings
from backoffice.demo.load import load_demo_data

DEMO_CUSTOMERS = 20


@pytest.fixture
def app(client: TestClient, settings: Settings) -> Iterator[FastAPI]:
    """The app (no dispatcher thread: tests call `dispatcher.tick()`) with demo data."""
    app: FastAPI = client.app  # type: ignore[assignment]
    load_demo_data(app.state.engine, DEMO_CUSTOMERS, 3, settings.today(),
                   settings.pin_key_bytes, progress=False)
    yield app


@pytest.fixture
def app_engine(app: FastAPI) -> Engine:
    return app.state.engine  # type: ignore[no-any-return]


@pytest.fixture
def ivr_token(settings: Settings) -> str:
    return settings.ivr_service_token


@pytest.fixture
def switchboard(app: FastAPI) -> TestClient:
    """The IVR's side of the app: places callers in the queue (with the service token)."""
    return TestClient(app)
