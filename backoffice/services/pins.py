"""PIN verification, change and agent reset. The digits are only ever hashed and compared.

Failures across calls are counted with one atomic UPDATE, so two calls guessing at once
cannot slip past the lock.

`verify` runs on every IVR call: it takes an ORM `Line` in a Session (the desk) or a
`lines.PinLine` on a bare Connection (the IVR API), and writes its audit rows with one
prebuilt INSERT rather than through the ORM unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Table, insert, update
from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog, Line
from backoffice.domain.keyed_hash import new_salt
from backoffice.domain.pins import PinPolicy, PinRejected, hash_pin, pin_matches, validate_new_pin
from backoffice.services.audit import audit

_AUDIT = insert(cast(Table, AuditLog.__table__))  # Core, built once


class PinHolder(Protocol):
    """A line as far as checking its PIN goes (an ORM `Line` or a `lines.PinLine`)."""

    @property
    def id(self) -> int: ...
    @property
    def pin_hash(self) -> str | None: ...
    @property
    def pin_salt(self) -> str | None: ...
    @property
    def pin_failures(self) -> int: ...
    @property
    def pin_locked_until(self) -> datetime | None: ...


@dataclass(frozen=True)
class PinCheck:
    status: str  # ok, wrong, locked
    tries_left: int | None = None


def is_locked(line: PinHolder, now: datetime) -> bool:
    return line.pin_locked_until is not None and line.pin_locked_until > now


def _audit(db: Session | Connection, actor: str, action: str, line_id: int, **details: Any) -> None:
    """`audit.audit` as a Core INSERT: same row, same transaction, no unit of work."""
    db.execute(_AUDIT, {"actor": actor, "action": action, "object_type": "line",
                        "object_id": str(line_id), "details": details})


def verify(db: Session | Connection, line: PinHolder | None, pin: str, key: bytes,
           policy: PinPolicy, now: datetime, actor: str) -> PinCheck:
    """Check `pin` against the line's; the caller commits (the audit row goes with it)."""
    if line is None:
        return PinCheck("wrong")  # unknown numbers look like wrong PINs: no probing
    if is_locked(line, now):
        _audit(db, actor, "pin_verify_refused_locked", line.id)
        return PinCheck("locked")
    if line.pin_hash and line.pin_salt and pin_matches(
            key, bytes.fromhex(line.pin_salt), pin, line.pin_hash):
        if line.pin_failures or line.pin_locked_until is not None:
            db.execute(update(Line).where(Line.id == line.id)
                       .values(pin_failures=0, pin_locked_until=None))
        _audit(db, actor, "pin_verified", line.id)
        return PinCheck("ok")
    if line.pin_locked_until is not None:  # an expired lock: failures count afresh
        db.execute(update(Line).where(Line.id == line.id)
                   .values(pin_failures=0, pin_locked_until=None))
    failures = db.execute(
        update(Line).where(Line.id == line.id).values(pin_failures=Line.pin_failures + 1)
        .returning(Line.pin_failures)).scalar_one()
    if failures >= policy.lock_after_failures:
        db.execute(update(Line).where(Line.id == line.id)
                   .values(pin_locked_until=now + timedelta(minutes=policy.lock_minutes)))
        _audit(db, actor, "pin_locked", line.id, failures=failures)
        return PinCheck("locked")
    _audit(db, actor, "pin_verify_failed", line.id, failures=failures)
    return PinCheck("wrong", tries_left=policy.lock_after_failures - failures)


def set_pin(db: Session, line: Line, new_pin: str, key: bytes, now: datetime, actor: str,
            reason: str) -> None:
    """Store a new PIN (validated first; `PinRejected` carries a digit-free reason code)."""
    validate_new_pin(new_pin, line.number)
    if line.pin_hash and line.pin_salt and pin_matches(
            key, bytes.fromhex(line.pin_salt), new_pin, line.pin_hash):
        raise PinRejected("same_as_old", "the new PIN must differ from the current one")
    salt = new_salt()
    line.pin_salt = salt.hex()
    line.pin_hash = hash_pin(key, salt, new_pin)
    line.pin_failures = 0
    line.pin_locked_until = None
    line.pin_changed_at = now
    audit(db, actor, reason, "line", str(line.id))
