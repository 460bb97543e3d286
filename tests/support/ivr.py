"""Helpers for tests that act as the IVR: verify a PIN, get the caller token."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def verify(ivr: TestClient, number: str, pin: str = "135790", call_id: str = "call-1") -> Any:
    return ivr.post("/ivr/v1/pin/verify", json={"call_id": call_id, "number": number,
                                                "pin": pin}).json()


def token_for(ivr: TestClient, number: str, call_id: str = "call-1") -> dict[str, str]:
    result = verify(ivr, number, call_id=call_id)
    assert result["status"] == "ok", result
    return {"X-Caller-Token": result["token"]}
