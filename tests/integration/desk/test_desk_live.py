"""The live feeds over a real socket: the screen pop arrives live, notices pushed to open
desks, and the heartbeat that makes an agent not-ready when the desk goes away."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backoffice.acd.runner import DispatcherLoop
from tests.integration.desk.desk_helpers import agent, place_call
from tests.integration.desk.sse_client import events, live_login, wait_for
from tests.support.live_server import live_server

# Shorter than production's 10 s to keep the test quick, but three heartbeats (every 2 s)
# long: a poll delayed by a busy machine must not make the agent look gone.
DESK_TIMEOUT_S = 6


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    """The app on a real socket with its dispatcher running, as `callcenter serve` runs it."""
    app.state.dispatcher.config = dataclasses.replace(app.state.dispatcher.config,
                                                      desk_timeout_s=DESK_TIMEOUT_S)
    loop = DispatcherLoop(app.state.dispatcher)
    loop.start()
    try:
        with live_server(app) as url:
            yield url
    finally:
        loop.stop()


LiveLogin = Callable[[str], tuple[httpx.Client, str]]


@pytest.fixture
def login(base_url: str) -> Iterator[LiveLogin]:
    """`login("agent05")` → a browser-like client signed in on the live server, and its CSRF."""
    clients: list[httpx.Client] = []

    def sign_in(username: str) -> tuple[httpx.Client, str]:
        client, csrf = live_login(base_url, username)
        clients.append(client)
        return client, csrf

    yield sign_in
    for client in clients:
        client.close()


def poll_until(condition, timeout_s: float, every_s: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s} s")
        time.sleep(every_s)  # polling a condition with a deadline


def test_given_an_open_desk_when_a_call_is_offered_then_the_screen_pop_arrives_live(
        login: LiveLogin, switchboard: TestClient, ivr_token: str) -> None:
    desk, csrf = login("agent05")
    desk.post("/desk/state", data={"state": "available", "csrf": csrf})
    with desk.stream("GET", "/desk/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response)
        wait_for(stream, lambda e: e.name == "call" and 'data-kind="idle"' in e.data, 3)
        place_call(switchboard, ivr_token, "call-live")
        # How fast is bench/acd.py's business (p99 available -> offered); here: it arrives.
        pop = wait_for(stream, lambda e: e.name == "call" and 'data-kind="ringing"' in e.data, 10)
    assert "张三" in pop.data and "main › queries › balance" in pop.data


def test_a_notice_posted_by_a_supervisor_reaches_an_open_desk_live(login: LiveLogin) -> None:
    desk, _csrf = login("agent01")
    supervisor, super_csrf = login("super01")
    with desk.stream("GET", "/desk/events") as response:
        stream = events(response)
        wait_for(stream, lambda e: e.name == "notices", 3)
        supervisor.post("/desk/supervisor/notices",
                        data={"text": "new tariff from Monday", "csrf": super_csrf})
        wait_for(stream, lambda e: e.name == "notices" and "new tariff from Monday" in e.data, 3)


def test_the_supervisor_feed_shows_a_new_caller_waiting(login: LiveLogin, switchboard: TestClient,
                                                        ivr_token: str) -> None:
    agent07, csrf = login("agent07")
    agent07.post("/desk/state", data={"state": "break", "reason": "rest", "csrf": csrf})
    supervisor, _csrf = login("super01")
    with supervisor.stream("GET", "/desk/supervisor/events") as response:
        stream = events(response)
        wait_for(stream, lambda e: e.name == "board" and
                 'data-testid="waiting-directory">0<' in e.data, 3)
        place_call(switchboard, ivr_token, "call-board", skill="directory")
        wait_for(stream, lambda e: e.name == "board" and
                 'data-testid="waiting-directory">1<' in e.data, 3)


def test_given_the_desk_goes_away_then_the_agent_is_made_not_ready(
        login: LiveLogin, app_engine: Engine) -> None:
    desk, csrf = login("agent05")
    desk.post("/desk/state", data={"state": "available", "csrf": csrf})
    with desk.stream("GET", "/desk/events") as response:
        stream = events(response)
        wait_for(stream, lambda e: e.name == "state", 3)
        opened = agent(app_engine, "agent05").desk_seen_at
        assert opened is not None
        # The open desk keeps beating: still available well past the desk timeout.
        poll_until(lambda: (agent(app_engine, "agent05").desk_seen_at - opened).total_seconds()
                   > DESK_TIMEOUT_S + 1, timeout_s=DESK_TIMEOUT_S + 4)
        assert agent(app_engine, "agent05").state == "available"
    desk.close()  # the browser tab is gone
    poll_until(lambda: agent(app_engine, "agent05").state == "break",
               timeout_s=DESK_TIMEOUT_S + 4)
    assert agent(app_engine, "agent05").state_reason == "desk_gone"
