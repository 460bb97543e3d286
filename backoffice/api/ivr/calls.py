"""The call's end of the IVR: joining the agent queue, the survey, the outcome report."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from backoffice.api.deps import SettingsDep, WriteSessionDep
from backoffice.api.ivr.schemas import EnqueueIn, OutcomeIn, QueueOut, SurveyIn
from backoffice.db.base import utcnow
from backoffice.db.models import QueueEntry, Skill
from backoffice.services import calls, lines

router = APIRouter()
FALLBACK_SKILL = "general"


@router.post("/queue", response_model=QueueOut, summary="Put the call in the agent queue")
def enqueue(body: EnqueueIn, db: WriteSessionDep, settings: SettingsDep) -> QueueOut:
    """The destination comes from configuration, never from the request; an unknown skill
    falls back to the general queue."""
    skill = body.skill if db.scalar(select(Skill.id).where(Skill.code == body.skill)) else FALLBACK_SKILL
    line = lines.find_line(db, body.caller_number) if body.caller_number else None
    customer = line.account.customer if line else None
    entry = QueueEntry(
        call_uuid=body.call_id, caller_number=lines.normalize_number(body.caller_number),
        skill=skill, priority=body.priority, vip_level=customer.vip_level if customer else 0,
        customer_id=customer.id if customer else None, line_id=line.id if line else None,
        context=body.context, enqueued_at=utcnow(),
    )
    db.add(entry)
    calls.upsert_call(db, body.call_id, body.caller_number, line)
    db.commit()
    return QueueOut(entry_id=str(entry.id), destination=settings.queue_destination)


@router.post("/survey", status_code=204, summary="Record a satisfaction score (1-5)")
def survey(body: SurveyIn, db: WriteSessionDep) -> None:
    calls.record_survey(db, body.call_id, body.score)
    db.commit()


@router.post("/calls/outcome", status_code=204, summary="How the IVR part of the call went")
def outcome(body: OutcomeIn, db: WriteSessionDep) -> None:
    calls.record_outcome(db, body.call_id, body.caller_number, body.path, body.outcome,
                         body.contained, body.language, utcnow())
    db.commit()
