"""The worker sends due deliveries to a real receiver over HTTP, signed, retries on the
schedule with controlled time, logs every try, and never sends one try twice."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import WebhookAttempt, WebhookDelivery
from backoffice.domain.webhook_retry import MAX_ATTEMPTS
from backoffice.security.webhook_signing import endpoint_secret, verify
from backoffice.services.webhook_delivery import deliver_due
from backoffice.services.webhook_endpoints import remove_endpoint
from tests.integration.webhooks.conftest import SIGNING_KEY, T0
from tests.integration.webhooks.webhook_factories import add_endpoint, add_ticket, change_status
from tests.integration.webhooks.webhook_receiver import Receiver, closed_port_url


def _nominal() -> float:
    return 0.5  # no jitter: the nominal wait of the schedule


def _deliver(sessions: sessionmaker[Session], http: httpx.Client, now: datetime) -> int:
    return deliver_due(sessions, http, now, SIGNING_KEY, timeout_s=2.0, spread=_nominal)


def _queue_change(sessions: sessionmaker[Session], url: str) -> tuple[int, str]:
    """One endpoint and one ticket status change: (endpoint id, event id)."""
    with sessions() as db, db.begin():
        endpoint = add_endpoint(db, url)
        event = change_status(db, add_ticket(db, T0), "qa_review", "send_to_qa", T0)
        return endpoint.id, f"evt_ticket_{event.id}"


def _delivery(sessions: sessionmaker[Session]) -> WebhookDelivery:
    with sessions() as db:
        delivery = db.scalars(select(WebhookDelivery)).one()
        delivery.tries  # noqa: B018 - loaded while the session is open
        return delivery


def test_given_receiver_fails_once_when_retried_on_schedule_then_delivered_once_and_logged(
    sessions: sessionmaker[Session], http: httpx.Client, receiver: Receiver,
) -> None:
    endpoint_id, event_id = _queue_change(sessions, receiver.url)
    receiver.answer_next(500)

    assert _deliver(sessions, http, T0) == 1
    failed = _delivery(sessions)
    assert (failed.status, failed.attempts, failed.last_status_code) == ("pending", 1, 500)
    assert failed.next_attempt_at == T0 + timedelta(seconds=10)
    assert _deliver(sessions, http, T0 + timedelta(seconds=9)) == 0  # not due yet
    assert _deliver(sessions, http, T0 + timedelta(seconds=10)) == 1
    assert _deliver(sessions, http, T0 + timedelta(days=1)) == 0  # nothing left to send

    delivery = _delivery(sessions)
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert [(t.number, t.status_code) for t in delivery.tries] == [(1, 500), (2, 200)]
    assert delivery.tries[0].error == "HTTP 500 Internal Server Error"
    assert delivery.tries[1].error is None
    assert all(t.duration_ms >= 0 for t in delivery.tries)

    assert receiver.event_ids() == [event_id, event_id]
    secret = endpoint_secret(SIGNING_KEY, endpoint_id)
    for request, sent_at in zip(receiver.received, (T0, T0 + timedelta(seconds=10)), strict=True):
        signature = request.headers["x-callcenter-signature"]
        assert verify(secret, signature, request.body, now=int(sent_at.timestamp()))
        assert not verify(endpoint_secret(SIGNING_KEY, endpoint_id + 1), signature,
                          request.body, now=int(sent_at.timestamp()))
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-callcenter-event-type"] == "ticket.status_changed"
        assert json.loads(request.body)["data"]["to_status"] == "qa_review"
    assert receiver.received[0].body == receiver.received[1].body  # retries are byte-identical
    assert [r.headers["x-callcenter-delivery-attempt"] for r in receiver.received] == ["1", "2"]


def test_given_unreachable_endpoint_when_tries_run_out_then_failed_with_every_error_logged(
    sessions: sessionmaker[Session], http: httpx.Client,
) -> None:
    _queue_change(sessions, closed_port_url())
    now = T0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert _deliver(sessions, http, now) == 1, attempt
        delivery = _delivery(sessions)
        assert delivery.attempts == attempt and delivery.last_status_code is None
        assert delivery.last_error is not None and "ConnectError" in delivery.last_error
        if attempt < MAX_ATTEMPTS:
            assert delivery.status == "pending" and delivery.next_attempt_at is not None
            now = delivery.next_attempt_at
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert [t.number for t in delivery.tries] == list(range(1, MAX_ATTEMPTS + 1))
    waits = [later.at - earlier.at for earlier, later in zip(delivery.tries, delivery.tries[1:],
                                                               strict=False)]
    assert waits[0] == timedelta(seconds=10) and waits[-1] == timedelta(hours=6)
    assert _deliver(sessions, http, now + timedelta(days=30)) == 0


def test_given_two_workers_racing_then_every_event_is_sent_exactly_once(
    sessions: sessionmaker[Session], receiver: Receiver,
) -> None:
    events = 30
    with sessions() as db, db.begin():
        add_endpoint(db, receiver.url)
        for _ in range(events):
            change_status(db, add_ticket(db, T0), "qa_review", "send_to_qa", T0)
    start = threading.Barrier(2)
    counts: list[int] = []

    def worker() -> None:
        with httpx.Client(trust_env=False) as client:
            start.wait()
            counts.append(_deliver(sessions, client, T0))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == events
    ids = receiver.event_ids()
    assert len(ids) == events and len(set(ids)) == events
    with sessions() as db:
        assert db.scalars(select(WebhookDelivery.status).distinct()).all() == ["delivered"]
        assert len(db.scalars(select(WebhookAttempt)).all()) == events


def test_a_try_whose_lease_ran_out_and_was_claimed_again_decides_nothing(
    sessions: sessionmaker[Session], http: httpx.Client, receiver: Receiver,
) -> None:
    """A worker that stalls past its lease: another claims the next try; the stale result
    is logged but does not overwrite the newer one."""
    from backoffice.services.webhook_delivery import LEASE, TryOutcome, claim_next, record_outcome

    _queue_change(sessions, receiver.url)
    with sessions() as db, db.begin():
        stale = claim_next(db, T0)
    with sessions() as db, db.begin():
        assert claim_next(db, T0) is None  # leased
    assert _deliver(sessions, http, T0 + LEASE) == 1  # the lease ran out: tried again, delivered
    assert stale is not None
    with sessions() as db, db.begin():
        status = record_outcome(db, stale, TryOutcome(None, "ReadTimeout: late", 2000),
                                T0 + LEASE, 0.5)
    delivery = _delivery(sessions)
    assert status == "pending"  # what it would have been, had it still been the latest
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert sorted(t.number for t in delivery.tries) == [1, 2]


def test_removing_an_endpoint_cancels_its_pending_deliveries(
    sessions: sessionmaker[Session], http: httpx.Client, receiver: Receiver,
) -> None:
    endpoint_id, _ = _queue_change(sessions, receiver.url)
    with sessions() as db, db.begin():
        assert remove_endpoint(db, endpoint_id, "test", T0)
        assert not remove_endpoint(db, endpoint_id, "test", T0)
    assert _deliver(sessions, http, T0) == 0
    assert receiver.received == []
    delivery = _delivery(sessions)
    assert delivery.status == "cancelled" and delivery.last_error == "the endpoint was removed"


def test_a_redirect_is_not_followed_and_counts_as_a_failure(
    sessions: sessionmaker[Session], http: httpx.Client, receiver: Receiver,
) -> None:
    _queue_change(sessions, receiver.url)
    receiver.answer_next(302)
    assert _deliver(sessions, http, T0) == 1
    delivery = _delivery(sessions)
    assert delivery.status == "pending" and delivery.last_status_code == 302
    assert len(receiver.received) == 1
