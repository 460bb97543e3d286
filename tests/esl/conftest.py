"""Fixtures for the event-socket tests: a fake switch over real TCP and connections to it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import gevent
import pytest

from backoffice.esl.connection import Backoff, EslConnection
from backoffice.esl.events import EslEvent

from .fake_esl_server import FakeEslServer

PASSWORD = "test-only-esl-password"
FAST_BACKOFF = Backoff(initial_s=0.01, max_s=0.05)


def eventually(condition: Callable[[], object], timeout_s: float = 3.0, what: str = "") -> None:
    """Poll `condition` (yielding to gevent) until true; fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout_s}s: {what or condition}")
        gevent.sleep(0.005)


class Recorder:
    """Collects what a connection hands to its caller: events and (re)connect calls."""

    def __init__(self) -> None:
        self.events: list[EslEvent] = []
        self.connected_calls = 0

    def handler(self, event: EslEvent) -> None:
        self.events.append(event)

    def on_connected(self, connection: EslConnection) -> None:
        self.connected_calls += 1

    def of_type(self, kind: type) -> list[Any]:
        return [event for event in self.events if isinstance(event, kind)]


@pytest.fixture
def fake() -> Iterator[FakeEslServer]:
    with FakeEslServer(PASSWORD) as server:
        yield server


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def connect(fake: FakeEslServer, recorder: Recorder) -> Iterator[Callable[..., EslConnection]]:
    """Start an `EslConnection` to the fake (recorder as handler/hook unless overridden)."""
    started: list[EslConnection] = []

    def _connect(wait: bool = True, **options: Any) -> EslConnection:
        settings: dict[str, Any] = {
            "handler": recorder.handler,
            "on_connected": recorder.on_connected,
            "backoff": FAST_BACKOFF,
            "connect_timeout_s": 1.0,
            "command_timeout_s": 2.0,
            "heartbeat_interval_s": None,
        }
        settings.update(options)
        password = settings.pop("password", PASSWORD)
        connection = EslConnection(fake.host, fake.port, password, **settings)
        started.append(connection)
        connection.start()
        if wait:
            connection.wait_until_connected(timeout_s=3.0)
        return connection

    yield _connect
    for connection in started:
        connection.stop()
