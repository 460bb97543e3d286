"""The webhook worker: sends due deliveries from the outbox, signed, and records every try.

A try is claimed with a conditional UPDATE that bumps the delivery's attempt count and
moves its next-attempt time to the end of a lease, then committed before the POST goes
out. Two workers may race for the same delivery; the database lets exactly one UPDATE
match, so an attempt is never sent twice. A worker that dies mid-try leaves the lease to
run out, and the delivery is tried again (at-least-once: receivers dedupe on the event id).

The result is recorded in a second short transaction: 2xx is delivered; anything else
(an HTTP error status, a redirect, a timeout, a refused connection) schedules the next try
by `backoffice.domain.webhook_retry`, or fails the delivery once the tries run out.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.base import utcnow
from backoffice.db.engine import transaction
from backoffice.db.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from backoffice.domain.webhook_retry import wait_before_retry
from backoffice.logs import get_logger
from backoffice.security.webhook_signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    endpoint_secret,
    signature_header,
)

LEASE = timedelta(seconds=60)  # longer than any try can take (timeout_s is at most 30)
DEFAULT_TIMEOUT_S = 5.0
DEFAULT_BATCH = 100
MAX_RUN_S = 15.0  # a run's tries are signed at its start: keep well inside receivers' 5 min
CANDIDATES_PER_CLAIM = 10
MAX_ERROR_CHARS = 200
USER_AGENT = "callcenter-webhooks/1"
ATTEMPT_HEADER = "X-Callcenter-Delivery-Attempt"
log = get_logger(__name__)


@dataclass(frozen=True)
class ClaimedTry:
    """One try a worker owns: the attempt number it claimed and what to send where."""

    delivery_id: int
    number: int
    endpoint_id: int
    url: str
    event_id: str
    event_type: str
    body: bytes


@dataclass(frozen=True)
class TryOutcome:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def encode_body(payload: dict[str, Any]) -> bytes:
    """The same bytes on every try (stable key order), so a retry is byte-identical."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def claim_next(db: Session, now: datetime, lease: timedelta = LEASE) -> ClaimedTry | None:
    """Claim the most overdue delivery's next try, or None when nothing is due."""
    due = db.execute(
        select(WebhookDelivery.id, WebhookDelivery.attempts)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
               WebhookEndpoint.active.is_(True))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(CANDIDATES_PER_CLAIM)).all()
    for delivery_id, attempts in due:
        claimed = cast("CursorResult[Any]", db.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending",
                   WebhookDelivery.attempts == attempts, WebhookDelivery.next_attempt_at <= now)
            .values(attempts=attempts + 1, next_attempt_at=now + lease))).rowcount
        if claimed == 1:
            delivery = db.get_one(WebhookDelivery, delivery_id)
            return ClaimedTry(delivery.id, attempts + 1, delivery.endpoint_id,
                              delivery.endpoint.url, delivery.event_id, delivery.event_type,
                              encode_body(delivery.payload))
    return None


def send(client: httpx.Client, claim: ClaimedTry, signing_key: str, now: datetime,
         timeout_s: float = DEFAULT_TIMEOUT_S) -> TryOutcome:
    """POST the event, signed with the endpoint's secret; never raises."""
    secret = endpoint_secret(signing_key, claim.endpoint_id)
    headers = {
        "Content-Type": "application/json", "User-Agent": USER_AGENT,
        EVENT_ID_HEADER: claim.event_id, EVENT_TYPE_HEADER: claim.event_type,
        ATTEMPT_HEADER: str(claim.number),
        SIGNATURE_HEADER: signature_header(secret, int(now.timestamp()), claim.body),
    }
    started = time.monotonic()
    try:  # the answer's body is never read: only its status counts
        with client.stream("POST", claim.url, content=claim.body, headers=headers,
                           timeout=timeout_s, follow_redirects=False) as response:
            code, reason = response.status_code, response.reason_phrase
    except Exception as exc:  # noqa: BLE001 - whatever stopped the try goes into its log row
        return TryOutcome(None, _short(f"{type(exc).__name__}: {exc}"), _elapsed_ms(started))
    error = None if 200 <= code < 300 else _short(f"HTTP {code} {reason}".strip())
    return TryOutcome(code, error, _elapsed_ms(started))


def record_outcome(db: Session, claim: ClaimedTry, outcome: TryOutcome, now: datetime,
                   spread: float) -> str:
    """Log the try and move the delivery on; returns its new status.

    The update only applies while the try is still the delivery's latest (a try whose lease
    ran out, and was claimed again meanwhile, is logged but decides nothing).
    """
    db.add(WebhookAttempt(delivery_id=claim.delivery_id, number=claim.number, at=now,
                          status_code=outcome.status_code, error=outcome.error,
                          duration_ms=outcome.duration_ms))
    next_at: datetime | None = None
    delivered_at: datetime | None = None
    if outcome.delivered:
        status, delivered_at = "delivered", now
    else:
        wait = wait_before_retry(claim.number, spread)
        status = "failed" if wait is None else "pending"
        next_at = None if wait is None else now + wait
    db.execute(update(WebhookDelivery)
               .where(WebhookDelivery.id == claim.delivery_id,
                      WebhookDelivery.attempts == claim.number,
                      WebhookDelivery.status == "pending")
               .values(status=status, next_attempt_at=next_at, delivered_at=delivered_at,
                       last_status_code=outcome.status_code, last_error=outcome.error))
    return status


def deliver_due(sessions: sessionmaker[Session], client: httpx.Client, now: datetime,
                signing_key: str, *, timeout_s: float = DEFAULT_TIMEOUT_S,
                limit: int = DEFAULT_BATCH,
                spread: Callable[[], float] = random.random) -> int:
    """Try the deliveries due at ``now``; returns how many tries were made.

    Every try of the run is claimed, signed, logged and scheduled at ``now`` (controlled
    time in tests). So that signatures stay fresh, a run stops after ``limit`` tries or
    `MAX_RUN_S` of real time, whichever comes first; the next run takes the rest.
    ``sessions`` should be write sessions (`make_session_factory(engine, write=True)`).
    Safe to run in several workers at once.
    """
    started = time.monotonic()
    tries = 0
    while tries < limit and time.monotonic() - started < MAX_RUN_S:
        with transaction(sessions) as db:
            claim = claim_next(db, now)
        if claim is None:
            break
        outcome = send(client, claim, signing_key, now, timeout_s)
        with transaction(sessions) as db:
            status = record_outcome(db, claim, outcome, now, spread())
        tries += 1
        log.info("webhook try", delivery_id=claim.delivery_id, attempt=claim.number,
                 status_code=outcome.status_code, outcome=status)
    return tries


class WebhookWorker:
    """The periodic job's handle: an HTTP client kept between runs, and the real clock."""

    def __init__(self, sessions: sessionmaker[Session], signing_key: str,
                 timeout_s: float = DEFAULT_TIMEOUT_S, client: httpx.Client | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.sessions = sessions
        self.signing_key = signing_key
        self.timeout_s = timeout_s
        self.client = client or httpx.Client(timeout=timeout_s, follow_redirects=False)
        self.clock = clock

    def run_once(self) -> int:
        """Send what is due now; returns the number of tries made."""
        return deliver_due(self.sessions, self.client, self.clock(), self.signing_key,
                           timeout_s=self.timeout_s)

    def close(self) -> None:
        self.client.close()


def _short(text: str) -> str:
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS - 1] + "…"


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
