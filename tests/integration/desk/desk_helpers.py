"""Acting as desk users in tests: log in with the CSRF token, post forms, read the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import Agent, QueueEntry
from backoffice.demo.reference import DEMO_PASSWORD

CSRF = re.compile(r'name="csrf" (?:value|content)="([^"]+)"')
SHOWCASE_NUMBER = "13800000001"  # 张三, pudong
IVR_CONTEXT = {"reason": "caller_request", "language": "zh", "verified": True,
               "verified_number": SHOWCASE_NUMBER, "failed_pin_attempts": 1,
               "menu_path": ["main", "queries", "balance"], "heard": ["balance"],
               "notes": {}}


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page carries a CSRF token"
    return match.group(1)


@dataclass
class DeskUser:
    """One person signed in to the desk in their own browser (cookie jar)."""

    client: TestClient
    username: str
    csrf: str = ""

    @classmethod
    def login(cls, app: FastAPI, username: str) -> DeskUser:
        client = TestClient(app)
        token = csrf_of(client.get("/desk/login").text)
        response = client.post("/desk/login", data={"username": username,
                                                    "password": DEMO_PASSWORD, "csrf": token},
                               follow_redirects=False)
        assert response.status_code == 303, response.text
        user = cls(client, username)
        user.csrf = csrf_of(client.get("/desk/").text)
        return user

    def post(self, url: str, **form: Any) -> Response:
        return self.client.post(url, data={"csrf": self.csrf, **form},
                                headers={"X-Desk-Fetch": "1"})

    def get(self, url: str) -> Response:
        return self.client.get(url)

    def available(self) -> None:
        response = self.post("/desk/state", state="available")
        assert response.status_code == 200, response.text


def agent(engine: Engine, username: str) -> Agent:
    with Session(engine) as db:
        found = db.scalar(select(Agent).where(Agent.username == username))
        assert found is not None
        return found


def entries(engine: Engine, call_uuid: str) -> list[QueueEntry]:
    with Session(engine) as db:
        return list(db.scalars(select(QueueEntry).where(QueueEntry.call_uuid == call_uuid)
                               .order_by(QueueEntry.id)))


def place_call(ivr: TestClient, token: str, call_id: str, skill: str = "billing",
               number: str = SHOWCASE_NUMBER,
               context: dict[str, Any] | None = None) -> int:
    """What the IVR does when the caller asks for an agent."""
    response = ivr.post("/ivr/v1/queue", headers={"Authorization": f"Bearer {token}"},
                        json={"call_id": call_id, "caller_number": number, "skill": skill,
                              "context": IVR_CONTEXT if context is None else context})
    assert response.status_code == 200, response.text
    return int(response.json()["entry_id"])
