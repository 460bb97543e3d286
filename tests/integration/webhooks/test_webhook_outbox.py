"""A ticket state change becomes one pending delivery per interested endpoint, in the same
transaction as the change: it commits with it or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import TicketEvent, WebhookDelivery
from backoffice.services.ticket_outbox import ticket_state_changed
from backoffice.services.webhook_outbox import TICKET_CREATED, TICKET_STATUS_CHANGED
from tests.integration.webhooks.conftest import T0
from tests.integration.webhooks.webhook_factories import add_endpoint, add_ticket, change_status


def _deliveries(sessions: sessionmaker[Session]) -> list[WebhookDelivery]:
    with sessions() as db:
        return list(db.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_status_change_queues_one_pending_delivery_per_active_endpoint(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as db, db.begin():
        first = add_endpoint(db, "https://a.example/hook")
        second = add_endpoint(db, "https://b.example/hook", [TICKET_STATUS_CHANGED])
        add_endpoint(db, "https://gone.example/hook", active=False)
        add_endpoint(db, "https://created-only.example/hook", [TICKET_CREATED])
        ticket = add_ticket(db, T0)
        event = change_status(db, ticket, "qa_review", "send_to_qa", T0)
        endpoint_ids, ticket_number = {first.id, second.id}, ticket.number
    deliveries = _deliveries(sessions)
    assert {d.endpoint_id for d in deliveries} == endpoint_ids and len(deliveries) == 2
    for delivery in deliveries:
        assert delivery.status == "pending" and delivery.attempts == 0
        assert delivery.next_attempt_at == T0
        assert delivery.event_id == f"evt_ticket_{event.id}"
        assert delivery.event_type == TICKET_STATUS_CHANGED
        assert delivery.payload == {
            "id": f"evt_ticket_{event.id}", "type": TICKET_STATUS_CHANGED,
            "occurred_at": T0.isoformat(),
            "data": {"ticket": {"number": ticket_number, "type": "complaint", "subtype": None,
                                "channel": "api", "customer_id": None},
                     "from_status": "received", "to_status": "qa_review",
                     "action": "send_to_qa", "actor": "agent:zhang", "at": T0.isoformat()}}


def test_a_rolled_back_change_queues_nothing(sessions: sessionmaker[Session]) -> None:
    with sessions() as db, db.begin():
        add_endpoint(db, "https://a.example/hook")
    with sessions() as db, pytest.raises(RuntimeError), db.begin():
        ticket = add_ticket(db, T0)
        change_status(db, ticket, "qa_review", "send_to_qa", T0)
        assert db.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
        raise RuntimeError("the change failed after the outbox row was written")
    assert _deliveries(sessions) == []


def test_ticket_creation_is_reported_as_ticket_created(sessions: sessionmaker[Session]) -> None:
    with sessions() as db, db.begin():
        add_endpoint(db, "https://a.example/hook", [TICKET_CREATED])
        ticket = add_ticket(db, T0)
        ticket.status = "received"
        created = TicketEvent(ticket_id=ticket.id, at=T0, actor="api:crm", action="created",
                              to_status="received")
        db.add(created)
        ticket_state_changed(db, ticket, created)
    [delivery] = _deliveries(sessions)
    assert delivery.event_type == TICKET_CREATED
    assert delivery.payload["data"]["from_status"] is None


def test_notes_send_nothing_and_the_same_event_is_queued_once(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as db, db.begin():
        add_endpoint(db, "https://a.example/hook")
        ticket = add_ticket(db, T0)
        note = change_status(db, ticket, "received", "add_note", T0)
        assert note.from_status == note.to_status
        event = change_status(db, ticket, "qa_review", "send_to_qa", T0)
        ticket_state_changed(db, ticket, event)  # a retried call must not queue it twice
    assert len(_deliveries(sessions)) == 1


def test_the_payload_carries_no_notes_details_or_keyed_digits(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as db, db.begin():
        add_endpoint(db, "https://a.example/hook")
        ticket = add_ticket(db, T0)
        change_status(db, ticket, "qa_review", "send_to_qa", T0)
    [delivery] = _deliveries(sessions)
    text = str(delivery.payload)
    assert "secret note" not in text and "123456" not in text and "charged twice" not in text
