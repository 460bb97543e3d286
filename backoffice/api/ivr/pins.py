"""PIN change from the line itself (verifying the PIN, which hands out the caller token: per_call.py)."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.deps import SettingsDep, WriteSessionDep
from backoffice.api.ivr.auth import OptionalCaller
from backoffice.api.ivr.schemas import ChangePinIn, PinChangeOut
from backoffice.db.base import utcnow
from backoffice.domain.pins import PinRejected
from backoffice.services import lines, pins

router = APIRouter(prefix="/pin")
ACTOR = "ivr"


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
