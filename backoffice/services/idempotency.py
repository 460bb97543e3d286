"""Idempotency keys for money-moving requests: do the work once, replay the first response.

Protocol (per owner + key):
1. *Claim*: insert an ``in_flight`` record in its own committed transaction. The unique
   (owner, key) constraint decides every race: exactly one request wins the claim.
2. *Work*: the winner does the work and marks the record ``done`` with its response in the
   same transaction, so a response is stored if and only if the work committed.
3. A failure deletes the record (the request may be retried); a record left ``in_flight``
   longer than ``ABANDONED_AFTER`` (a crashed worker) may be claimed again.

Losers see: the same request done → the stored response; the same key with another request
→ ``KeyReusedForAnotherRequest``; the same request still running → ``RequestInFlight``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.base import utcnow
from backoffice.db.models import IdempotencyRecord

ABANDONED_AFTER = timedelta(seconds=60)
IN_FLIGHT, DONE = "in_flight", "done"
_CLAIM_ATTEMPTS = 3


class IdempotencyError(Exception):
    """Base of the two ways a request with a used key is refused."""


class KeyReusedForAnotherRequest(IdempotencyError):
    """The key was first used for a different request (another body or target)."""


class RequestInFlight(IdempotencyError):
    """The first request with this key is still being processed."""


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    response: StoredResponse
    replayed: bool


@dataclass(frozen=True)
class _Claim:
    record_id: int
    claimed_at: datetime


def request_fingerprint(method: str, path: str, body: dict[str, Any]) -> str:
    """SHA-256 of the request in canonical JSON: key order and spacing do not matter."""
    canonical = json.dumps({"method": method.upper(), "path": path, "body": body},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def run_once(
    read_sessions: sessionmaker[Session], write_sessions: sessionmaker[Session], owner: str,
    key: str, request_hash: str, work: Callable[[Session], StoredResponse],
    clock: Callable[[], datetime] = utcnow,
) -> Outcome:
    """Run ``work`` at most once for (owner, key); later identical requests get its response.

    ``work`` runs inside a transaction that also records the response; anything it raises
    releases the key and propagates. Retries of a finished request are answered from a
    plain read, without taking any write lock.
    """
    now = clock()
    with read_sessions() as db:
        seen = _record(db, owner, key)
        verdict = _judge(seen, request_hash, now) if seen is not None else None
    if isinstance(verdict, StoredResponse):
        return Outcome(verdict, replayed=True)
    claimed = _claim(write_sessions, owner, key, request_hash, now)
    if isinstance(claimed, StoredResponse):
        return Outcome(claimed, replayed=True)
    try:
        with write_sessions() as db, db.begin():
            response = work(db)
            _complete(db, claimed, response)
    except BaseException:
        _release(write_sessions, claimed)
        raise
    return Outcome(response, replayed=False)


def _record(db: Session, owner: str, key: str) -> IdempotencyRecord | None:
    return db.scalar(select(IdempotencyRecord).where(
        IdempotencyRecord.owner == owner, IdempotencyRecord.key == key))


def _judge(record: IdempotencyRecord, request_hash: str,
           now: datetime) -> StoredResponse | None:
    """What a request finds under its key: the stored response, or None when the record is
    an abandoned claim it may take over. Raises when it must be refused."""
    if record.request_hash != request_hash:
        raise KeyReusedForAnotherRequest(record.key)
    if record.status == DONE:
        assert record.response_status is not None
        return StoredResponse(record.response_status, record.response_body or {})
    if record.created_at > now - ABANDONED_AFTER:
        raise RequestInFlight(record.key)
    return None


def _claim(write_sessions: sessionmaker[Session], owner: str, key: str, request_hash: str,
           now: datetime) -> _Claim | StoredResponse:
    for _ in range(_CLAIM_ATTEMPTS):
        try:
            with write_sessions() as db, db.begin():
                record = IdempotencyRecord(owner=owner, key=key, request_hash=request_hash,
                                           status=IN_FLIGHT, created_at=now)
                db.add(record)
                db.flush()
                return _Claim(record.id, now)
        except IntegrityError:
            pass  # the key is taken: look at what holds it
        with write_sessions() as db, db.begin():
            existing = _record(db, owner, key)
            if existing is None:
                continue  # released by a failed first attempt meanwhile: claim it afresh
            stored = _judge(existing, request_hash, now)
            if stored is not None:
                return stored
            taken_over = cast("CursorResult[Any]", db.execute(update(IdempotencyRecord).where(
                IdempotencyRecord.id == existing.id, IdempotencyRecord.status == IN_FLIGHT,
                IdempotencyRecord.created_at == existing.created_at,
            ).values(created_at=now))).rowcount
            if taken_over == 1:
                return _Claim(existing.id, now)
            raise RequestInFlight(key)
    raise RequestInFlight(key)


def _complete(db: Session, claim: _Claim, response: StoredResponse) -> None:
    """Mark the claim done in the work's transaction; a lost claim undoes the work."""
    marked = cast("CursorResult[Any]", db.execute(update(IdempotencyRecord).where(
        IdempotencyRecord.id == claim.record_id, IdempotencyRecord.status == IN_FLIGHT,
        IdempotencyRecord.created_at == claim.claimed_at,
    ).values(status=DONE, response_status=response.status,
             response_body=response.body))).rowcount
    if marked != 1:  # taken over as abandoned while this request was still running
        raise RequestInFlight("claim lost")


def _release(write_sessions: sessionmaker[Session], claim: _Claim) -> None:
    """Free the key for a retry. If even this fails, the claim simply expires as abandoned."""
    try:
        with write_sessions() as db, db.begin():
            db.execute(delete(IdempotencyRecord).where(
                IdempotencyRecord.id == claim.record_id, IdempotencyRecord.status == IN_FLIGHT,
                IdempotencyRecord.created_at == claim.claimed_at))
    except SQLAlchemyError:
        pass  # the original error matters more; the record frees itself after ABANDONED_AFTER
