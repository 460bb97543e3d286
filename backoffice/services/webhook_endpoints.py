"""Managing webhook endpoints and reading their delivery log (what the API calls).

A removed endpoint is kept (inactive) with its log, and its pending deliveries are
cancelled. Its id is never reused, so a removed endpoint's secret never comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import CursorResult, Select, select, update
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import WebhookDelivery, WebhookEndpoint
from backoffice.services.audit import audit
from backoffice.services.webhook_outbox import EVENT_TYPES

MAX_URL_CHARS = 500
DELIVERY_STATUSES = ("pending", "delivered", "failed", "cancelled")


class DeliveryNotFound(LookupError):
    pass


class DeliveryNotRetryable(ValueError):
    """Only a failed delivery of a live endpoint can be retried; the message says why not."""


def check_webhook_url(url: str) -> str:
    """The URL, if it is an absolute http(s) URL a POST can go to; else ValueError saying why."""
    if len(url) > MAX_URL_CHARS:
        raise ValueError(f"the URL must be at most {MAX_URL_CHARS} characters")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise ValueError("the URL must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValueError("the URL is not well formed (check the host and port)") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError("the URL must start with http:// or https://")
    if not parts.hostname:
        raise ValueError("the URL must name a host, as in https://example.com/hooks")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the URL must not carry a user name or password; receivers check "
                         "the X-Callcenter-Signature header instead")
    if parts.fragment:
        raise ValueError("the URL must not have a #fragment")
    if port == 0:
        raise ValueError("the URL's port must be 1-65535")
    return url


def create_endpoint(db: Session, url: str, description: str, event_types: Sequence[str],
                    actor: str, now: datetime) -> WebhookEndpoint:
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise ValueError(f"unknown event type(s) {', '.join(unknown)}; known: "
                         f"{', '.join(EVENT_TYPES)}")
    endpoint = WebhookEndpoint(
        url=check_webhook_url(url), description=description,
        event_types=[t for t in EVENT_TYPES if t in event_types], active=True,
        created_by=actor, created_at=now)
    db.add(endpoint)
    db.flush()
    audit(db, actor, "webhook_created", "webhook_endpoint", str(endpoint.id), url=url,
          event_types=endpoint.event_types)
    return endpoint


def live_endpoint(db: Session, endpoint_id: int) -> WebhookEndpoint | None:
    endpoint = db.get(WebhookEndpoint, endpoint_id)
    return endpoint if endpoint is not None and endpoint.active else None


def live_endpoints() -> Select[tuple[WebhookEndpoint]]:
    return select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))


def remove_endpoint(db: Session, endpoint_id: int, actor: str, now: datetime) -> bool:
    """Stop sending to the endpoint and cancel what it has pending; False if not live."""
    removed = cast("CursorResult[Any]", db.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.active.is_(True))
        .values(active=False, removed_at=now))).rowcount
    if not removed:
        return False
    db.execute(update(WebhookDelivery)
               .where(WebhookDelivery.endpoint_id == endpoint_id,
                      WebhookDelivery.status == "pending")
               .values(status="cancelled", next_attempt_at=None,
                       last_error="the endpoint was removed"))
    audit(db, actor, "webhook_removed", "webhook_endpoint", str(endpoint_id))
    return True


def deliveries_of(endpoint_id: int, status: str | None = None) -> Select[tuple[WebhookDelivery]]:
    """The endpoint's deliveries with their tries (the delivery log), for paging."""
    stmt = (select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
            .options(selectinload(WebhookDelivery.tries)))
    return stmt if status is None else stmt.where(WebhookDelivery.status == status)


def retry_delivery(db: Session, delivery_id: int, actor: str, now: datetime) -> WebhookDelivery:
    """Make a failed delivery due again now: one more try (failed again if it fails)."""
    delivery = db.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise DeliveryNotFound(delivery_id)
    if not delivery.endpoint.active:
        raise DeliveryNotRetryable(f"delivery {delivery_id} belongs to a removed endpoint")
    retried = cast("CursorResult[Any]", db.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "failed")
        .values(status="pending", next_attempt_at=now))).rowcount
    if not retried:
        raise DeliveryNotRetryable(
            f"delivery {delivery_id} is {delivery.status}; only a failed delivery can be retried")
    audit(db, actor, "webhook_delivery_retried", "webhook_delivery", str(delivery_id),
          event_id=delivery.event_id)
    db.refresh(delivery)
    return delivery
