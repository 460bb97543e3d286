"""Self-service line changes for the verified line."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.deps import WriteSessionDep
from backoffice.api.ivr.auth import VerifiedCaller
from backoffice.api.ivr.schemas import SelfServiceIn, SelfServiceOut
from backoffice.api.problems import NotFound
from backoffice.db.base import utcnow
from backoffice.db.models import Line
from backoffice.services.self_service import apply_change

router = APIRouter()


@router.post("/self-service", response_model=SelfServiceOut, summary="Change a line feature")
def self_service(body: SelfServiceIn, caller: VerifiedCaller, db: WriteSessionDep) -> SelfServiceOut:
    """stop_keep_number (enable = stop, keep the number), call_forwarding (enable needs
    `target`), caller_id. Refused with `arrears` while the account owes past-due bills."""
    line = db.get(Line, caller.line_id)
    if line is None:
        raise NotFound("the verified line no longer exists")
    outcome = apply_change(db, line, body.change, body.enable, body.target, "ivr",
                           "ivr:verified", utcnow())
    db.commit()
    return SelfServiceOut(ok=outcome.ok, reason=outcome.reason,  # type: ignore[arg-type]
                          order_number=outcome.order_number)
