"""Tickets (工单) opened by integrators, read back with their full history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from backoffice.api.v1.schemas.common import ApiModel, PhoneNumber, block_text, line_text
from backoffice.db.models import Ticket
from backoffice.services.tickets import TICKET_TYPES

TicketType = Literal[TICKET_TYPES]  # type: ignore[valid-type]


class TicketCreate(ApiModel):
    type: TicketType = Field(examples=["complaint"])
    summary: Annotated[str, line_text(200)] = Field(examples=["charged twice for October"])
    details: Annotated[str, block_text(4000)] = Field(default="", examples=["..."])
    demand: Annotated[str, block_text(2000)] | None = Field(
        default=None, description="what the customer asks for", examples=["refund ¥39"])
    customer_id: int | None = Field(default=None, ge=1, le=2**31 - 1, examples=[1])
    line_number: PhoneNumber | None = Field(
        default=None, description="the line concerned; sets the customer too",
        examples=["13800000001"])
    contact_number: PhoneNumber | None = Field(default=None, examples=["13800000001"])

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "type": "complaint", "summary": "charged twice for October",
        "details": "The October bill shows the monthly fee twice.",
        "demand": "refund the second fee", "line_number": "13800000001",
        "contact_number": "13800000001"}]})


class TicketOut(ApiModel):
    number: str = Field(description="readable number a caller can key in",
                        examples=["261122000017"])
    type: str = Field(examples=["complaint"])
    subtype: str | None = Field(examples=[None])
    status: str = Field(examples=["received"])
    priority: int = Field(examples=[0])
    channel: str = Field(description="ivr, agent, api", examples=["api"])
    customer_id: int | None = Field(examples=[1])
    line_id: int | None = Field(examples=[1])
    incident_id: int | None = Field(examples=[None])
    summary: str = Field(examples=["charged twice for October"])
    department: str | None = Field(examples=["billing"])
    sla_deadline: datetime | None
    overdue: bool = Field(description="open past its SLA deadline", examples=[False])
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, ticket: Ticket, now: datetime) -> TicketOut:
        fields = {name: getattr(ticket, name) for name in cls.model_fields if name != "overdue"}
        overdue = (ticket.closed_at is None and ticket.sla_deadline is not None
                   and ticket.sla_deadline < now)
        return cls(**fields, overdue=overdue)


class TicketEventOut(ApiModel):
    at: datetime
    actor: str = Field(examples=["api:crm"])
    action: str = Field(examples=["created"])
    from_status: str | None = Field(examples=[None])
    to_status: str | None = Field(examples=["received"])
    note: str = Field(examples=["charged twice for October"])


class TicketDetail(TicketOut):
    details: str = Field(examples=["The October bill shows the monthly fee twice."])
    demand: str | None = Field(examples=["refund the second fee"])
    contact_number: str | None = Field(examples=["13800000001"])
    resolution: str | None = Field(examples=[None])
    refund_fen: int = Field(examples=[0])
    satisfaction: int | None = Field(examples=[None])
    events: list[TicketEventOut]

    @classmethod
    def of(cls, ticket: Ticket, now: datetime) -> TicketDetail:
        summary = TicketOut.of(ticket, now).model_dump()
        return cls(**summary, details=ticket.details, demand=ticket.demand,
                   contact_number=ticket.contact_number, resolution=ticket.resolution,
                   refund_fen=ticket.refund_fen, satisfaction=ticket.satisfaction,
                   events=[TicketEventOut.model_validate(e) for e in ticket.events])
