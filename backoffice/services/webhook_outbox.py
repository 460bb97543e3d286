"""The webhook outbox: an event becomes one pending delivery per interested endpoint, written
in the transaction of the change it reports (so a rolled-back change sends nothing, and a
committed one is never lost). A worker sends them later (`webhook_delivery`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import WebhookDelivery, WebhookEndpoint

TICKET_CREATED = "ticket.created"
TICKET_STATUS_CHANGED = "ticket.status_changed"
EVENT_TYPES: tuple[str, ...] = (TICKET_CREATED, TICKET_STATUS_CHANGED)


def wants(endpoint: WebhookEndpoint, event_type: str) -> bool:
    """An endpoint with no event types listed receives every type."""
    return not endpoint.event_types or event_type in endpoint.event_types


def enqueue_event(db: Session, event_type: str, event_id: str, data: dict[str, Any],
                  occurred_at: datetime) -> list[WebhookDelivery]:
    """Add a pending delivery of the event for every active endpoint that wants it.

    Idempotent per event id: enqueuing the same event again adds nothing.
    """
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    endpoints = db.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
                           .order_by(WebhookEndpoint.id)).all()
    already = set(db.scalars(select(WebhookDelivery.endpoint_id)
                             .where(WebhookDelivery.event_id == event_id)))
    payload = {"id": event_id, "type": event_type, "occurred_at": occurred_at.isoformat(),
               "data": data}
    added = [WebhookDelivery(endpoint_id=e.id, event_id=event_id, event_type=event_type,
                             payload=payload, status="pending", attempts=0,
                             next_attempt_at=occurred_at, created_at=occurred_at)
             for e in endpoints if wants(e, event_type) and e.id not in already]
    db.add_all(added)
    return added
