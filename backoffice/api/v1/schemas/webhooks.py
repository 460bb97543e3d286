"""Outgoing webhooks: the endpoints integrators register and the delivery log they can read."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator

from backoffice.api.v1.schemas.common import ApiModel, line_text
from backoffice.services.webhook_endpoints import (
    DELIVERY_STATUSES,
    MAX_URL_CHARS,
    check_webhook_url,
)
from backoffice.services.webhook_outbox import EVENT_TYPES

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
DeliveryStatus = Literal[DELIVERY_STATUSES]  # type: ignore[valid-type]
SECRET_EXAMPLE = "whsec_" + "3f" * 32


class WebhookCreate(ApiModel):
    url: str = Field(max_length=MAX_URL_CHARS, description="absolute http:// or https:// URL",
                     examples=["https://crm.example.com/hooks/callcenter"])
    description: Annotated[str, line_text(200, min_length=0)] = Field(
        default="", examples=["CRM ticket sync"])
    event_types: list[EventType] = Field(
        default_factory=list, max_length=len(EVENT_TYPES),
        description="the event types to receive; empty: every type",
        examples=[["ticket.status_changed"]])

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return check_webhook_url(value)

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "url": "https://crm.example.com/hooks/callcenter", "description": "CRM ticket sync",
        "event_types": ["ticket.created", "ticket.status_changed"]}]})


class WebhookOut(ApiModel):
    id: int = Field(examples=[1])
    url: str = Field(examples=["https://crm.example.com/hooks/callcenter"])
    description: str = Field(examples=["CRM ticket sync"])
    event_types: list[str] = Field(description="empty: every type",
                                   examples=[["ticket.status_changed"]])
    created_by: str = Field(examples=["api:crm"])
    created_at: datetime


class WebhookSecret(ApiModel):
    id: int = Field(examples=[1])
    secret: str = Field(description="verifies `X-Callcenter-Signature` (see docs/webhooks.md)",
                        examples=[SECRET_EXAMPLE])


class WebhookCreated(WebhookOut):
    secret: str = Field(description="verifies `X-Callcenter-Signature` (see docs/webhooks.md)",
                        examples=[SECRET_EXAMPLE])


class AttemptOut(ApiModel):
    number: int = Field(description="1 for the first try", examples=[1])
    at: datetime
    status_code: int | None = Field(description="the receiver's HTTP status; null if none came",
                                    examples=[500])
    error: str | None = Field(examples=["HTTP 500 Internal Server Error"])
    duration_ms: int = Field(examples=[42])


class DeliveryOut(ApiModel):
    id: int = Field(examples=[7])
    endpoint_id: int = Field(examples=[1])
    event_id: str = Field(examples=["evt_ticket_42"])
    event_type: str = Field(examples=["ticket.status_changed"])
    status: str = Field(description="pending, delivered, failed, cancelled", examples=["delivered"])
    attempts: int = Field(description="tries made so far", examples=[2])
    next_attempt_at: datetime | None
    last_status_code: int | None = Field(examples=[200])
    last_error: str | None = Field(examples=[None])
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any] = Field(description="the JSON body sent")
    tries: list[AttemptOut] = Field(description="the delivery log: every try, oldest first")
