"""What the IVR reports about a call: verification, path, outcome, survey."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.direct import Executor, prepared
from backoffice.db.models import Call, Line, SurveyAnswer


def upsert_call(db: Session, call_uuid: str, caller_number: str = "",
                line: Line | None = None) -> Call:
    call = db.scalar(select(Call).where(Call.call_uuid == call_uuid))
    if call is None:
        call = Call(call_uuid=call_uuid, caller_number=caller_number, ivr_path=[])
        db.add(call)
    if line is not None and call.line_id is None:
        call.line_id = line.id
        call.customer_id = line.account.customer_id
    if caller_number and not call.caller_number:
        call.caller_number = caller_number
    db.flush()
    return call


# INSERT ... ON CONFLICT, written out: the dialects' own insert() constructs cannot be cached,
# and compiling one took longer than running it. Same text on SQLite and PostgreSQL (the JSON
# path is the literal '[]': an unknown-typed literal becomes json on PostgreSQL).
_MARK_VERIFIED = prepared(text(
    "INSERT INTO calls (call_uuid, caller_number, line_id, customer_id, direction, started_at,"
    " ivr_path, contained, verified)"
    " VALUES (:call_uuid, :caller_number, :line_id, :customer_id, 'inbound', :started_at,"
    " '[]', false, true)"
    " ON CONFLICT (call_uuid) DO UPDATE SET verified = true, line_id = excluded.line_id,"
    " customer_id = excluded.customer_id"
).bindparams(bindparam("started_at", type_=Call.__table__.c.started_at.type)))


def mark_verified(db: Executor, call_uuid: str, line_id: int, caller_number: str,
                  customer_id: int) -> None:
    """The caller proved the PIN of the line in this call: one INSERT ... ON CONFLICT, since
    it runs on every PIN check (the IVR's hottest write)."""
    db.execute(_MARK_VERIFIED, {"call_uuid": call_uuid, "caller_number": caller_number,
                                "line_id": line_id, "customer_id": customer_id,
                                "started_at": utcnow()})


def record_outcome(db: Session, call_uuid: str, caller_number: str, path: Sequence[str],
                   outcome: str, contained: bool, language: str | None, now: datetime) -> Call:
    call = upsert_call(db, call_uuid, caller_number)
    call.ivr_path = list(path)
    call.outcome = outcome
    call.contained = contained
    call.language = language or call.language
    call.ended_at = call.ended_at or now
    return call


def record_survey(db: Session, call_uuid: str, score: int) -> SurveyAnswer:
    if not 1 <= score <= 5:
        raise ValueError("a survey score is 1 to 5")
    call = upsert_call(db, call_uuid)
    answer = SurveyAnswer(call_id=call.id, score=score)
    db.add(answer)
    return answer
