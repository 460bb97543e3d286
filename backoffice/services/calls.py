"""What the IVR reports about a call: verification, path, outcome, survey."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
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


def mark_verified(db: Session, call_uuid: str, line: Line) -> None:
    """The caller proved the PIN of `line` in this call: one INSERT ... ON CONFLICT, since it
    runs on every PIN check (the IVR's hottest write)."""
    dialect = db.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    values = {"call_uuid": call_uuid, "caller_number": line.number, "line_id": line.id,
              "customer_id": line.account.customer_id, "verified": True, "ivr_path": [],
              "started_at": utcnow(), "direction": "inbound", "contained": False}
    statement = insert(Call).values(**values)
    db.execute(statement.on_conflict_do_update(
        index_elements=[Call.call_uuid],
        set_={"verified": True, "line_id": line.id, "customer_id": values["customer_id"]}))


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
