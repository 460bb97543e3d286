"""PIN verification, change and agent reset. The digits are only ever hashed and compared.

Failures across calls are counted with one atomic UPDATE, so two calls guessing at once
cannot slip past the lock.

`verify` runs on every IVR call: it takes an ORM `Line` in a Session or a `lines.PinLine`
on a DBAPI-level connection (the IVR API, backoffice/db/direct.py), and writes with
prebuilt Core statements rather than through the ORM unit of work (an ORM `Line` is not
refreshed by them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.direct import Executor, prepared
from backoffice.db.models import AuditLog, Line
from backoffice.domain.keyed_hash import new_salt
from backoffice.domain.pins import PinPolicy, PinRejected, hash_pin, pin_matches, validate_new_pin
from backoffice.services.audit import audit

_LINES = cast(Table, Line.__table__)
# Core, built once; every column given (the direct path runs no Python-side defaults).
_AUDIT = prepared(insert(cast(Table, AuditLog.__table__)).values(
    at=bindparam("at"), actor=bindparam("actor"), action=bindparam("action"),
    object_type="line", object_id=bindparam("object_id"), details=bindparam("details")).inline())
_CLEAR_FAILURES = prepared(update(_LINES).where(_LINES.c.id == bindparam("line_id"))
                           .values(pin_failures=0, pin_locked_until=None))
_COUNT_FAILURE = prepared(update(_LINES).where(_LINES.c.id == bindparam("line_id"))
                          .values(pin_failures=_LINES.c.pin_failures + 1)
                          .returning(_LINES.c.pin_failures))
_LOCK = prepared(update(_LINES).where(_LINES.c.id == bindparam("line_id"))
                 .values(pin_locked_until=bindparam("until")))


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


def _audit(db: Executor, actor: str, action: str, line_id: int, **details: Any) -> None:
    """`audit.audit` as a Core INSERT: same row, same transaction, no unit of work."""
    db.execute(_AUDIT, {"at": utcnow(), "actor": actor, "action": action,
                        "object_id": str(line_id), "details": details})


def verify(db: Executor, line: PinHolder | None, pin: str, key: bytes,
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
            db.execute(_CLEAR_FAILURES, {"line_id": line.id})
        _audit(db, actor, "pin_verified", line.id)
        return PinCheck("ok")
    if line.pin_locked_until is not None:  # an expired lock: failures count afresh
        db.execute(_CLEAR_FAILURES, {"line_id": line.id})
    failures = db.execute(_COUNT_FAILURE, {"line_id": line.id}).scalar_one()
    if failures >= policy.lock_after_failures:
        db.execute(_LOCK, {"line_id": line.id,
                           "until": now + timedelta(minutes=policy.lock_minutes)})
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
