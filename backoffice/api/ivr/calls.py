"""The call's end of the IVR: joining the agent queue, the survey, the outcome report."""

from __future__ import annotations

from fastapi import APIRouter, Request

from backoffice.api.deps import SettingsDep, WriteSessionDep, wake_dispatcher
from backoffice.api.ivr.schemas import EnqueueIn, OutcomeIn, QueueOut, SurveyIn
from backoffice.db.base import utcnow
from backoffice.services import calls
from backoffice.services.queue_intake import join_queue

router = APIRouter()


@router.post("/queue", response_model=QueueOut, summary="Put the call in the agent queue")
def enqueue(body: EnqueueIn, db: WriteSessionDep, settings: SettingsDep,
            request: Request) -> QueueOut:
    """The destination comes from configuration, never from the request: the queue, night
    service (nobody logged in or out of hours: a callback is booked), or a polite refusal
    for blacklisted numbers. An unknown skill falls back to the general queue."""
    joined = join_queue(db, call_uuid=body.call_id, caller_number=body.caller_number,
                        skill=body.skill, priority=body.priority, context=body.context,
                        queue_destination=settings.queue_destination,
                        config=request.app.state.dispatcher.config, now=utcnow())
    db.commit()
    wake_dispatcher(request)
    return QueueOut(entry_id=str(joined.entry.id) if joined.entry else "",
                    destination=joined.destination)


@router.post("/survey", status_code=204, summary="Record a satisfaction score (1-5)")
def survey(body: SurveyIn, db: WriteSessionDep) -> None:
    calls.record_survey(db, body.call_id, body.score)
    db.commit()


@router.post("/calls/outcome", status_code=204, summary="How the IVR part of the call went")
def outcome(body: OutcomeIn, db: WriteSessionDep) -> None:
    calls.record_outcome(db, body.call_id, body.caller_number, body.path, body.outcome,
                         body.contained, body.language, utcnow())
    db.commit()
