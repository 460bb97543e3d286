"""Per-call replay for the IVR's money-moving and ticket-opening requests: a retry of the
same request within the same call returns the first answer instead of acting twice."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import IdempotencyRecord

Out = TypeVar("Out", bound=BaseModel)
OWNER = "ivr"


def once_per_call(db: Session, key: str, request: dict[str, Any], model: type[Out],
                  act: Callable[[], Out], acted: Callable[[Out], bool] = lambda _: True) -> Out:
    """Run `act` unless this call already did; remember the answer only when `acted` says
    the request changed something (a refused card may be retried with the right PIN)."""
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
    previous = db.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.owner == OWNER, IdempotencyRecord.key == key))
    if previous is not None and previous.request_hash == digest and previous.response_body:
        return model.model_validate(previous.response_body)
    result = act()
    if previous is None and acted(result):
        db.add(IdempotencyRecord(owner=OWNER, key=key, request_hash=digest, status="done",
                                 response_status=200, response_body=result.model_dump()))
    return result
