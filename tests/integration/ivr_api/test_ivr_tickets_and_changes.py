"""Ticket progress, fault reports against incidents, self-service changes, queue and outcome."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.db.models import Call, Line, Plan, QueueEntry, SurveyAnswer, Ticket
from backoffice.domain.ticket_numbers import make_ticket_number
from tests.support.agents import set_state
from tests.support.ivr import token_for


def _tickets(ivr: TestClient) -> list[Ticket]:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        return list(db.scalars(select(Ticket).order_by(Ticket.id)))


def _status(ivr: TestClient, caller: str, number: str, headers: dict | None = None) -> dict:
    return ivr.post("/ivr/v1/tickets/status", headers=headers or {},
                    json={"caller_number": caller, "ticket_number": number}).json()


def test_own_ticket_progress_is_read_others_are_not(ivr: TestClient) -> None:
    fault = _tickets(ivr)[0]
    own = _status(ivr, "13800000001", fault.number)
    assert own["owned_by_caller"] is True and own["status"] == "in_progress"
    assert own["type"] == "fault"
    stranger = _status(ivr, "13800000004", fault.number)
    assert stranger == {"ticket_number": fault.number, "found": True, "valid_number": True,
                        "owned_by_caller": False, "type": None, "status": None, "updated": None}
    # a verified caller may ask about the tickets of the line whose PIN they gave
    from_elsewhere = _status(ivr, "02188886666", fault.number, token_for(ivr, "13800000001"))
    assert from_elsewhere["owned_by_caller"] is True


def test_mistyped_and_unknown_ticket_numbers(ivr: TestClient) -> None:
    real = _tickets(ivr)[0].number
    typo = real[:-1] + str((int(real[-1]) + 1) % 10)
    assert _status(ivr, "13800000001", typo)["valid_number"] is False
    unknown = make_ticket_number(999, _tickets(ivr)[0].created_at.date())
    assert _status(ivr, "13800000001", unknown) == {
        "ticket_number": unknown, "found": False, "valid_number": True, "owned_by_caller": False,
        "type": None, "status": None, "updated": None}


def test_fault_in_an_incident_area_gets_the_unified_reply_and_no_duplicate_ticket(
        ivr: TestClient) -> None:
    """The report is recorded once per line and incident, as a ticket linked to it (the demo
    already holds the showcase line's), and the caller hears no ticket number."""
    before = len(_tickets(ivr))
    result = ivr.post("/ivr/v1/faults", json={"call_id": "c1", "number": "13800000001",
                                              "fault_code": "broadband"}).json()
    assert result["incident"]["cause"] == "fiber_cut"
    assert result["incident"]["eta"] is not None
    assert result["ticket_number"] is None
    assert len(_tickets(ivr)) == before
    linked = [t for t in _tickets(ivr) if t.line_id == 1 and t.incident_id is not None]
    assert [t.status for t in linked] == ["linked"]


def test_fault_elsewhere_opens_one_ticket_even_when_retried(ivr: TestClient) -> None:
    body = {"call_id": "c9", "number": "13800000004", "fault_code": "no_dial_tone"}
    first = ivr.post("/ivr/v1/faults", json=body).json()
    assert first["incident"] is None and len(first["ticket_number"]) == 12
    assert ivr.post("/ivr/v1/faults", json=body).json() == first
    opened = [t for t in _tickets(ivr) if t.number == first["ticket_number"]]
    assert len(opened) == 1 and opened[0].type == "fault" and opened[0].channel == "ivr"
    assert _status(ivr, "13800000004", first["ticket_number"])["status"] == "received"


def test_self_service_change_needs_verification_and_no_arrears(ivr: TestClient) -> None:
    body = {"change": "call_forwarding", "enable": True, "target": "13912345678"}
    assert ivr.post("/ivr/v1/self-service", json=body).status_code == 401
    refused = ivr.post("/ivr/v1/self-service", json=body, headers=token_for(ivr, "13800000002"))
    assert refused.json() == {"ok": False, "reason": "arrears", "order_number": None}
    token = token_for(ivr, "13800000001")
    done = ivr.post("/ivr/v1/self-service", json=body, headers=token).json()
    assert done["ok"] is True and len(done["order_number"]) == 12
    assert ivr.post("/ivr/v1/self-service", json=body, headers=token).json()["reason"] == "already"
    own = {"change": "call_forwarding", "enable": True, "target": "13800000001"}
    assert ivr.post("/ivr/v1/self-service", json=own,
                    headers=token).json()["reason"] == "invalid_target"
    stop = ivr.post("/ivr/v1/self-service", headers=token,
                    json={"change": "stop_keep_number", "enable": True}).json()
    assert stop["ok"] is True
    order = next(t for t in _tickets(ivr) if t.number == stop["order_number"])
    assert order.type == "service_order" and order.line_id == 1


def test_plan_change_takes_a_known_plan_code(ivr: TestClient) -> None:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        current = db.scalar(select(Plan.code).join(Line, Line.plan_id == Plan.id)
                            .where(Line.number == "13800000004"))
    other = "basic" if current != "basic" else "unlimited"
    token = token_for(ivr, "13800000004")

    def plan(code: str) -> dict:
        return ivr.post("/ivr/v1/self-service", headers=token,
                        json={"change": "plan", "enable": True, "target": code}).json()

    assert plan("no_such_plan")["reason"] == "invalid_target"
    assert plan(other)["ok"] is True
    assert plan(other)["reason"] == "already"


def test_queue_destination_comes_from_configuration(ivr: TestClient) -> None:
    set_state(ivr.app.state.engine, "agent01")  # type: ignore[attr-defined]
    joined = ivr.post("/ivr/v1/queue", json={
        "call_id": "c1", "caller_number": "13800000004", "skill": "billing", "priority": 2,
        "context": {"path": ["main", "query"], "verified": True}}).json()
    assert joined["destination"] == "callcenter_queue"
    odd = ivr.post("/ivr/v1/queue", json={"call_id": "c2", "skill": "no_such_skill"}).json()
    assert odd["destination"] == "callcenter_queue"
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        entries = {e.call_uuid: e for e in db.scalars(select(QueueEntry))}
    assert entries["c1"].skill == "billing" and entries["c1"].vip_level == 2
    assert entries["c1"].context["verified"] is True
    assert entries["c2"].skill == "general"
    bad = ivr.post("/ivr/v1/queue", json={"call_id": "c3", "skill": "billing; rm -rf"})
    assert bad.status_code == 422


def test_outcome_and_survey_are_recorded(ivr: TestClient) -> None:
    assert ivr.post("/ivr/v1/calls/outcome", json={
        "call_id": "c1", "caller_number": "13800000001", "path": ["main", "query", "balance"],
        "outcome": "self_service", "contained": True, "language": "zh"}).status_code == 204
    assert ivr.post("/ivr/v1/survey", json={"call_id": "c1", "score": 5}).status_code == 204
    assert ivr.post("/ivr/v1/survey", json={"call_id": "c1", "score": 9}).status_code == 422
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        call = db.scalar(select(Call).where(Call.call_uuid == "c1"))
        assert call is not None and call.contained and call.ivr_path[-1] == "balance"
        assert db.scalar(select(func.count()).select_from(SurveyAnswer)) == 1


def test_nobody_logged_in_means_night_service_with_a_booked_callback(ivr: TestClient) -> None:
    night = ivr.post("/ivr/v1/queue", json={"call_id": "n1", "caller_number": "13800000001",
                                            "skill": "billing"}).json()
    assert night["destination"] == "callcenter_night"
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        entry = db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == "n1"))
    assert entry is not None and entry.callback_number == "13800000001"


def test_blacklisted_numbers_are_refused_politely(ivr: TestClient) -> None:
    set_state(ivr.app.state.engine, "agent01")  # type: ignore[attr-defined]
    refused = ivr.post("/ivr/v1/queue", json={"call_id": "b1", "caller_number": "13999999999",
                                              "skill": "general"}).json()
    assert refused == {"entry_id": "", "destination": "callcenter_refused"}
