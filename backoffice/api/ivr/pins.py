"""PIN verification (hands out the caller token) and PIN change from the line itself."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backoffice.api.deps import SettingsDep, WriteSessionDep
from backoffice.api.ivr.auth import OptionalCaller
from backoffice.api.ivr.deps import json_reply, write_connection
from backoffice.api.ivr.schemas import ChangePinIn, PinChangeOut, PinOut, VerifyPinIn
from backoffice.db.base import utcnow
from backoffice.domain.pins import PinRejected
from backoffice.services import calls, lines, pins

router = APIRouter(prefix="/pin")
ACTOR = "ivr"


@router.post("/verify", response_model=PinOut, summary="Check a line's 6-digit PIN")
async def verify(body: VerifyPinIn, request: Request) -> Response:
    """Two tries per call are the IVR's rule; failures across calls lock the PIN. An unknown
    number answers `wrong`, so numbers cannot be probed."""
    # One write transaction on a bare connection (see api/ivr/deps.py): the line, the check,
    # the failure count, the audit row and the call's row commit together.
    state = request.app.state
    settings = state.settings
    token = None
    with write_connection(request) as db:
        line = lines.find_pin_line(db, body.number)
        check = pins.verify(db, line, body.pin, settings.pin_key_bytes, settings.pin_policy,
                            utcnow(), ACTOR)
        if check.status == "ok" and line is not None:
            calls.mark_verified(db, body.call_id, line.id, line.number, line.customer_id)
            token = state.caller_tokens.issue(body.call_id, line.id)
        db.commit()
    return json_reply(PinOut(status=check.status, tries_left=check.tries_left,  # type: ignore[arg-type]
                             token=token))


@router.post("/change", response_model=PinChangeOut, summary="Set or change the PIN")
def change(body: ChangePinIn, caller: OptionalCaller, db: WriteSessionDep,
           settings: SettingsDep) -> PinChangeOut:
    """Only from the line itself (the IVR passes the caller's own number). Changing an
    existing PIN needs the caller token from verifying the old one."""
    now = utcnow()
    line = lines.find_line(db, body.number)
    if line is None or line.number != lines.normalize_number(body.number):
        return PinChangeOut(ok=False, reason="not_own_line")
    if pins.is_locked(line, now):
        return PinChangeOut(ok=False, reason="locked")
    if line.pin_hash is not None and caller is None:
        return PinChangeOut(ok=False, reason="not_verified")
    if caller is not None and caller.line_id != line.id:
        return PinChangeOut(ok=False, reason="not_own_line")
    try:
        pins.set_pin(db, line, body.new_pin, settings.pin_key_bytes, now, ACTOR, "pin_changed")
    except PinRejected as exc:
        return PinChangeOut(ok=False, reason="same_as_old" if exc.code == "same_as_old" else "weak")
    db.commit()
    return PinChangeOut(ok=True)
