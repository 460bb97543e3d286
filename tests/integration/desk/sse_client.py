"""A small server-sent-events reader over httpx, and a desk login for a live server."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

from backoffice.demo.reference import DEMO_PASSWORD
from tests.integration.desk.desk_helpers import csrf_of


@dataclass(frozen=True)
class Event:
    name: str
    data: str


def events(response: httpx.Response) -> Iterator[Event]:
    name, data = "message", []
    for line in response.iter_lines():
        if line == "":
            if data:
                yield Event(name, "\n".join(data))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


def wait_for(stream: Iterator[Event], matches: Callable[[Event], bool],
             timeout_s: float) -> Event:
    deadline = time.monotonic() + timeout_s
    for event in stream:
        if matches(event):
            return event
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"no matching event within {timeout_s} s")


def live_login(base_url: str, username: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(5.0), follow_redirects=True)
    token = csrf_of(client.get("/desk/login").text)
    response = client.post("/desk/login", data={"username": username, "csrf": token,
                                                "password": DEMO_PASSWORD})
    assert response.status_code in (200, 303), response.text
    return client, csrf_of(client.get("/desk/").text)
