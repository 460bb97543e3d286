"""Outgoing webhooks: the receivers integrators register, the outbox of events for them,
and the delivery log (one row per HTTP try).

No secret is stored here: each endpoint's signing secret is derived from a configured key
(`backoffice.security.webhook_signing`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.db.base import Base, utcnow


class WebhookEndpoint(Base):
    """A URL that receives signed POSTs for the event types it asked for."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list[str]] = mapped_column(
        JSON, default=list, comment="event types it receives; empty: every type")
    active: Mapped[bool] = mapped_column(default=True, comment="false once removed")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One event for one endpoint: the outbox row, written in the transaction of the change."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(40), comment="X-Callcenter-Event-Id: receivers dedupe on it")
    event_type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending",
                                        comment="pending, delivered, failed, cancelled")
    attempts: Mapped[int] = mapped_column(default=0, comment="tries claimed so far")
    next_attempt_at: Mapped[datetime | None] = mapped_column(
        comment="when a worker may try next; while a try runs, the end of its lease")
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    endpoint: Mapped[WebhookEndpoint] = relationship()
    tries: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", order_by="WebhookAttempt.id")


class WebhookAttempt(Base):
    """The delivery log: one HTTP try, with its answer or the error that stopped it."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    number: Mapped[int] = mapped_column(comment="1 for the first try")
    at: Mapped[datetime]
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(200))
    duration_ms: Mapped[int]

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="tries")
