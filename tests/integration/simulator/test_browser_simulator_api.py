"""The browser phone's API (`/simulator/...`) on a live back office with demo data: the
real engine runs each call in a thread and reaches the back office over HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.app import create_app
from backoffice.config import Settings
from backoffice.db.models import QueueEntry
from backoffice.demo.reference import DEMO_PIN, SHOWCASE
from backoffice.services.lines import find_line
from backoffice.simulator.registry import CallRegistry
from backoffice.simulator.router import registry_of
from fs_scripts import prompts, speech

LINE = "13800000001"
DEADLINE_S = 20.0
Event = dict[str, Any]


class Phone:
    """A browser's view of one simulated call: dial, press, read the events."""

    def __init__(self, http: httpx.Client, caller: str = LINE) -> None:
        self.http = http
        response = http.post("/simulator/calls", json={"caller_number": caller})
        assert response.status_code == 201, response.text
        self.call_id: str = response.json()["call_id"]
        self.events: list[Event] = []
        self.ended = False

    def press(self, keys: str) -> httpx.Response:
        return self.http.post(f"/simulator/calls/{self.call_id}/keys", json={"keys": keys})

    def hang_up(self) -> httpx.Response:
        return self.http.post(f"/simulator/calls/{self.call_id}/hangup")

    def until(self, wanted: Callable[[Event], bool]) -> Event:
        """Poll (long polls, with a deadline) until an event matches; returns it."""
        deadline = time.monotonic() + DEADLINE_S
        seen = len(self.events)
        while time.monotonic() < deadline:
            for event in self.events[seen:]:
                if wanted(event):
                    return event
            seen = len(self.events)
            if self.ended:
                break
            after = self.events[-1]["seq"] if self.events else 0
            body = self.http.get(f"/simulator/calls/{self.call_id}/events",
                                 params={"after": after, "wait": 5}).json()
            self.events += body["events"]
            self.ended = body["ended"]
        for event in self.events[seen:]:
            if wanted(event):
                return event
        raise AssertionError(f"no such event; got {[e['type'] for e in self.events]}")

    def collecting(self, prompt_id: str) -> Event:
        return self.until(lambda e: e["type"] == "collect"
                          and prompt_id in [p["id"] for p in e["prompts"]])


def balance_fen(app: Any, number: str) -> int:
    with Session(app.state.engine) as db:
        line = find_line(db, number)
        assert line is not None
        return line.account.balance_fen


def test_given_a_call_when_the_caller_keys_2_1_and_the_pin_then_the_balance_is_played(
        ivr: TestClient, http: httpx.Client) -> None:
    phone = Phone(http)
    phone.collecting("menu/main")
    phone.press("2")
    phone.collecting("menu/query")
    phone.press("1")
    pin_prompt = phone.collecting("pin/enter")
    assert pin_prompt["secret"] is True
    for key in f"{DEMO_PIN}#":  # one key per request, as the keypad sends them
        assert phone.press(key).status_code == 202

    balance = phone.until(lambda e: e["type"] == "play" and e["prompts"][0]["id"] == "balance/is")

    fen = balance_fen(ivr.app, LINE)
    assert [p["id"] for p in balance["prompts"]] == ["balance/is", *speech.money(fen, "zh")]
    caption = "".join(p["text"] for p in balance["prompts"])
    assert caption == prompts.catalogue().sentence([p["id"] for p in balance["prompts"]], "zh")
    assert all(p["url"] == f"/simulator/sounds/zh/{p['id']}.wav" and p["duration_ms"] > 0
               for p in balance["prompts"])
    (pin_input,) = [e for e in phone.events if e["type"] == "input"
                    and e["collect"] == pin_prompt["seq"]]
    assert pin_input["keys"] == "******"
    # the "#" after six digits belonged to the PIN: no stray key reached a later menu
    assert [e["keys"] for e in phone.events if e["type"] == "input"] == ["2", "1", "******"]
    assert DEMO_PIN not in json.dumps(phone.events)

    assert phone.hang_up().status_code == 204
    ended = phone.until(lambda e: e["type"] == "ended")
    assert ended["outcome"] == "hangup" and ended["contained"] is True


def test_given_a_call_when_the_caller_presses_0_then_it_joins_the_real_agent_queue(
        ivr: TestClient, http: httpx.Client) -> None:
    phone = Phone(http)
    phone.collecting("menu/main")
    phone.press("0")

    transfer = phone.until(lambda e: e["type"] == "transfer")
    ended = phone.until(lambda e: e["type"] == "ended")

    assert ended["outcome"] == "agent"
    assert ended["transferred_to"] == transfer["destination"]
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        entry = db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == phone.call_id))
    assert entry is not None
    assert entry.context["caller_number"] == LINE


def test_given_a_call_when_the_caller_hangs_up_then_the_engine_thread_ends(
        ivr: TestClient, http: httpx.Client) -> None:
    phone = Phone(http)
    phone.collecting("menu/main")

    assert phone.hang_up().status_code == 204

    assert phone.until(lambda e: e["type"] == "ended")["outcome"] == "hangup"
    call = registry_of(ivr.app).get(phone.call_id)  # type: ignore[arg-type]
    assert call is not None and call.thread is not None
    call.thread.join(timeout=DEADLINE_S)
    assert not call.thread.is_alive()
    assert phone.press("1").status_code == 409
    assert phone.hang_up().status_code == 204  # hanging up twice is harmless


def test_given_a_page_that_stops_polling_then_its_call_is_hung_up(
        ivr: TestClient, http: httpx.Client) -> None:
    ivr.app.state.simulator_calls = CallRegistry(idle_timeout_s=0.5)  # type: ignore[attr-defined]
    phone = Phone(http)
    call = ivr.app.state.simulator_calls.get(phone.call_id)  # type: ignore[attr-defined]

    call.thread.join(timeout=DEADLINE_S)  # nobody polls from here on

    assert not call.thread.is_alive()
    events = call.events.all()
    assert {"type": "caller_hangup", "reason": "browser_gone"}.items() <= events[-2].items()
    assert events[-1]["type"] == "ended"


def test_given_the_simulator_is_full_then_another_call_is_refused_politely(
        ivr: TestClient, http: httpx.Client) -> None:
    ivr.app.state.simulator_calls = CallRegistry(max_calls=1)  # type: ignore[attr-defined]
    first = Phone(http)

    response = http.post("/simulator/calls", json={"caller_number": LINE})

    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    first.hang_up()


def _problem(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_bad_requests_are_problems_never_500(ivr: TestClient, http: httpx.Client) -> None:
    _problem(http.get("/simulator/calls/sim-nope/events"), 404)
    _problem(http.post("/simulator/calls/sim-nope/keys", json={"keys": "1"}), 404)
    _problem(http.post("/simulator/calls/sim-nope/hangup"), 404)
    _problem(http.post("/simulator/calls", json={"caller_number": "138-0000"}), 422)
    _problem(http.post("/simulator/calls", json={"language": "fr"}), 422)
    phone = Phone(http)
    for bad in ("a", "", "1" * 33, "12 3", "１"):
        _problem(phone.press(bad), 422)
    _problem(http.get(f"/simulator/calls/{phone.call_id}/events", params={"after": -1}), 422)
    _problem(http.get(f"/simulator/calls/{phone.call_id}/events", params={"wait": 999}), 422)
    phone.hang_up()


@pytest.mark.parametrize("path", [
    "/simulator/sounds/zh/../prompts/menu.toml",
    "/simulator/sounds/zh/..%2F..%2Fpyproject.toml",
    "/simulator/sounds/zh/%2e%2e/%2e%2e/pyproject.wav",
    "/simulator/sounds/fr/menu/main.wav",
    "/simulator/sounds/zh/menu/main.mp3",
    "/simulator/sounds/zh/menu/nothing.wav",
    "/simulator/sounds/zh//etc/passwd",
])
def test_sounds_serve_only_catalogue_prompts(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_prompt_wav_is_served_as_audio(client: TestClient) -> None:
    response = client.get("/simulator/sounds/en/menu/main.wav")

    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.content == Path(prompts.prompt_path("menu/main", "en")).read_bytes()


def test_the_page_has_a_keypad_and_the_demo_lines(client: TestClient) -> None:
    response = client.get("/simulator/")

    assert response.status_code == 200
    page = response.text
    for key in "0123456789*#":
        assert f'data-key="{key}"' in page
    for line in SHOWCASE:
        assert line.number in page
    assert 'src="/static/simulator.js"' in page
    assert client.get("/static/simulator.js").status_code == 200
    assert "https://" not in page and "http://" not in page  # nothing loads from the network


def test_in_production_the_simulator_does_not_exist(db_url: str) -> None:
    strong = "x" * 32
    settings = Settings(env="prod", database_url=db_url, ivr_service_token=strong,  # type: ignore[call-arg]
                        pin_hash_key=strong, session_secret=strong, esl_password=strong,
                        webhook_signing_key=strong, _env_file=None)
    app = create_app(settings)
    prod = TestClient(app)  # no lifespan: nothing but the routes is needed
    for response in (prod.get("/simulator/"), prod.post("/simulator/calls", json={}),
                     prod.get("/simulator/sounds/zh/menu/main.wav")):
        _problem(response, 404)
    app.state.engine.dispose()
