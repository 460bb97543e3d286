"""Identify the caller, verify and change PINs, through the IVR API as the IVR uses it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog, Line, Ticket
from tests.support.ivr import token_for, verify


def test_every_ivr_route_needs_the_service_token(client: TestClient) -> None:
    for method, path in [("post", "/ivr/v1/identify"), ("get", "/ivr/v1/balance"),
                         ("post", "/ivr/v1/pin/verify"), ("post", "/ivr/v1/queue")]:
        response = getattr(client, method)(path, headers={"Authorization": "Bearer wrong"})
        assert response.status_code == 401, path
        assert response.headers["content-type"] == "application/problem+json"


def test_identify_showcase_lines(ivr: TestClient) -> None:
    def who(number: str) -> dict:
        return ivr.post("/ivr/v1/identify", json={"caller_number": number}).json()

    assert who("13800000001")["suspension"] == "none"
    assert who("13800000001")["in_arrears"] is False
    assert who("13800000001")["open_tickets"] == 2
    assert who("13800000001")["area"] == "pudong"
    assert who("+8613800000002")["suspension"] == "one_way"
    assert who("13800000002")["in_arrears"] is True
    assert who("13800000003")["suspension"] == "two_way"
    assert who("13800000004")["vip_level"] == 2
    unknown = who("02112345678")
    assert unknown["line_id"] is None and unknown["blacklisted"] is False
    assert who("13999999999")["blacklisted"] is True


def test_right_pin_gives_a_token_wrong_pins_count_down_then_lock(ivr: TestClient) -> None:
    assert verify(ivr, "13800000001")["status"] == "ok"
    first = verify(ivr, "13800000001", "111111", "call-a")
    assert first == {"status": "wrong", "tries_left": 2, "token": None}
    assert verify(ivr, "13800000001", "111111", "call-b")["tries_left"] == 1
    assert verify(ivr, "13800000001", "111111", "call-c")["status"] == "locked"
    # once locked, even the right PIN is refused
    assert verify(ivr, "13800000001", "135790", "call-d")["status"] == "locked"


def test_locked_and_unknown_lines(ivr: TestClient) -> None:
    assert verify(ivr, "13800000005")["status"] == "locked"
    assert verify(ivr, "13000000000") == {"status": "wrong", "tries_left": None, "token": None}


def test_a_success_resets_the_failure_count(ivr: TestClient) -> None:
    verify(ivr, "13800000001", "111111")
    verify(ivr, "13800000001", "111111")
    assert verify(ivr, "13800000001")["status"] == "ok"
    assert verify(ivr, "13800000001", "111111")["tries_left"] == 2


def test_pin_digits_never_reach_the_audit_log_or_errors(ivr: TestClient) -> None:
    verify(ivr, "13800000001", "246813")
    verify(ivr, "13800000001")
    bad = ivr.post("/ivr/v1/pin/verify", json={"call_id": "c", "number": "13800000001",
                                               "pin": "98765x"})
    assert bad.status_code == 422
    assert "98765" not in bad.text
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        rows = db.scalars(select(AuditLog)).all()
        text = " ".join(f"{r.action} {r.details}" for r in rows)
    assert "pin_verify_failed" in text and "pin_verified" in text
    assert "246813" not in text and "135790" not in text


def test_contract_number_identifies_the_account_line(ivr: TestClient) -> None:
    assert verify(ivr, "8800000001")["status"] == "ok"


def test_change_pin_needs_the_old_one_and_refuses_weak_pins(ivr: TestClient) -> None:
    def change(new_pin: str, headers: dict[str, str] | None = None,
               number: str = "13800000001") -> dict:
        return ivr.post("/ivr/v1/pin/change", headers=headers or {},
                        json={"call_id": "call-1", "number": number, "new_pin": new_pin}).json()

    assert change("480215") == {"ok": False, "reason": "not_verified"}
    token = token_for(ivr, "13800000001")
    assert change("123456", token)["reason"] == "weak"
    assert change("111111", token)["reason"] == "weak"
    assert change("12345", token)["reason"] == "weak"
    assert change("135790", token)["reason"] == "same_as_old"
    assert change("480215", token, number="13800000004")["reason"] == "not_own_line"
    assert change("480215", token) == {"ok": True, "reason": None}
    assert verify(ivr, "13800000001", "480215")["status"] == "ok"
    assert verify(ivr, "13800000001", "135790")["status"] == "wrong"


def test_language_is_remembered_per_line(ivr: TestClient) -> None:
    assert ivr.put("/ivr/v1/lines/13800000001/language", json={"language": "en"}).status_code == 204
    assert ivr.post("/ivr/v1/identify",
                    json={"caller_number": "13800000001"}).json()["language"] == "en"
    assert ivr.put("/ivr/v1/lines/13000000000/language",
                   json={"language": "en"}).status_code == 404


def test_closed_and_cancelled_tickets_are_not_counted_as_open(ivr: TestClient) -> None:
    def open_count() -> int:
        return ivr.post("/ivr/v1/identify", json={"caller_number": "13800000001"}).json()["open_tickets"]

    before = open_count()
    engine = ivr.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as db, db.begin():
        ticket = db.scalars(select(Ticket).join(Line, Ticket.line_id == Line.id)
                            .where(Line.number == "13800000001",
                                   Ticket.status.not_in(["closed", "cancelled"]))
                            .order_by(Ticket.id).limit(1)).one()
        ticket.status = "cancelled"
    assert open_count() == before - 1
