"""Through the real ticket workflow: opening a ticket and moving it queue exactly one
delivery per active endpoint, in the same transaction as the change."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import WebhookDelivery
from backoffice.services.ticket_workflow import Actor, ForbiddenTransition, apply_action
from backoffice.services.tickets import find_ticket, open_ticket
from tests.integration.webhooks.conftest import T0
from tests.integration.webhooks.webhook_factories import add_endpoint

API = Actor(name="api:crm", role="api")


def _sent(sessions: sessionmaker[Session]) -> list[tuple[int, str, str | None, str | None]]:
    with sessions() as db:
        return [(d.endpoint_id, d.event_type, d.payload["data"]["from_status"],
                 d.payload["data"]["to_status"])
                for d in db.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))]


def test_opening_and_moving_a_ticket_queues_one_delivery_per_active_endpoint(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as db, db.begin():
        first = add_endpoint(db, "https://a.example/hook").id
        second = add_endpoint(db, "https://b.example/hook", ["ticket.status_changed"]).id
        add_endpoint(db, "https://gone.example/hook", active=False)
        ticket = open_ticket(db, type="complaint", summary="charged twice", channel="api",
                             actor=API.name, now=T0)
        apply_action(db, ticket, "send_to_qa", API, T0)
        apply_action(db, ticket, "add_note", API, T0, note="called the customer")
    assert _sent(sessions) == [
        (first, "ticket.created", None, "received"),
        (first, "ticket.status_changed", "received", "qa_review"),
        (second, "ticket.status_changed", "received", "qa_review"),
    ]


def test_a_refused_or_rolled_back_transition_queues_nothing(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as db, db.begin():
        add_endpoint(db, "https://a.example/hook", ["ticket.status_changed"])
        number = open_ticket(db, type="complaint", summary="charged twice", channel="api",
                             actor=API.name, now=T0).number
    with sessions() as db, pytest.raises(RuntimeError), db.begin():
        assert db.scalars(select(WebhookDelivery)).first() is None  # not for creation
        found = find_ticket(db, number)
        assert found is not None
        apply_action(db, found, "send_to_qa", API, T0)
        raise RuntimeError("something later in the request failed")
    with sessions() as db, pytest.raises(ForbiddenTransition), db.begin():
        found = find_ticket(db, number)
        assert found is not None
        apply_action(db, found, "accept_reply", API, T0, resolution="refund")
    assert _sent(sessions) == []
