"""The IVR's hot routes (identify, PIN verify, balance) run on a DBAPI connection with prebuilt
statements: what they record must be what the ORM path recorded."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog, Call
from backoffice.services import lines
from tests.support.ivr import verify


def _call(ivr: TestClient, call_id: str) -> Call | None:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        return db.scalar(select(Call).where(Call.call_uuid == call_id))


def _audit(ivr: TestClient) -> list[AuditLog]:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        return list(db.scalars(select(AuditLog).where(AuditLog.action.like("pin_%"))
                               .order_by(AuditLog.id)))


def test_a_verified_pin_records_the_call_with_its_line_and_customer_once(ivr: TestClient) -> None:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        line = lines.find_line(db, "13800000001")
        assert line is not None
        line_id, customer_id = line.id, line.account.customer_id
    assert verify(ivr, "13800000001", call_id="hot-1")["status"] == "ok"
    assert verify(ivr, "13800000001", call_id="hot-1")["status"] == "ok"  # a retry: same row
    call = _call(ivr, "hot-1")
    assert call is not None
    assert (call.verified, call.line_id, call.customer_id, call.caller_number) == (
        True, line_id, customer_id, "13800000001")
    assert call.ivr_path == [] and call.direction == "inbound" and call.started_at.tzinfo is not None
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        assert len(db.scalars(select(Call).where(Call.call_uuid == "hot-1")).all()) == 1
    rows = [r for r in _audit(ivr) if r.action == "pin_verified"]
    assert [(r.actor, r.object_type, r.object_id, r.details) for r in rows] == [
        ("ivr", "line", str(line_id), {})] * 2


def test_verifying_in_a_call_the_ivr_already_reported_marks_that_call(ivr: TestClient) -> None:
    reported = ivr.post("/ivr/v1/calls/outcome", json={
        "call_id": "hot-2", "caller_number": "13800000001", "path": ["main", "balance"],
        "outcome": "hung_up", "contained": True})
    assert reported.status_code == 204
    assert verify(ivr, "13800000001", call_id="hot-2")["status"] == "ok"
    call = _call(ivr, "hot-2")
    assert call is not None and call.verified and call.line_id is not None
    assert call.ivr_path == ["main", "balance"] and call.outcome == "hung_up"  # kept


def test_a_wrong_pin_records_no_verified_call_and_audits_the_count_without_digits(ivr: TestClient) -> None:
    assert verify(ivr, "13800000001", "246813", call_id="hot-3")["status"] == "wrong"
    assert _call(ivr, "hot-3") is None
    (failed,) = [r for r in _audit(ivr) if r.action == "pin_verify_failed"]
    assert failed.details == {"failures": 1}
    assert verify(ivr, "13800000005", call_id="hot-4")["status"] == "locked"  # locked in the demo
    assert any(r.action == "pin_verify_refused_locked" for r in _audit(ivr))
    assert "246813" not in " ".join(f"{r.object_id} {r.details}" for r in _audit(ivr))


def test_identify_of_an_unknown_blacklisted_number_and_of_an_empty_caller_id(ivr: TestClient) -> None:
    def who(number: str) -> dict:
        return ivr.post("/ivr/v1/identify", json={"caller_number": number}).json()

    assert who("13999999999") == {
        "number": "13999999999", "line_id": None, "customer_name": "", "language": None,
        "vip_level": 0, "in_arrears": False, "suspension": "none", "area": "", "open_tickets": 0,
        "pin_set": False, "blacklisted": True}
    assert who("")["number"] == "" and who("")["line_id"] is None
    known = who("13800000001")
    assert known["line_id"] is not None and known["pin_set"] is True and known["customer_name"]
