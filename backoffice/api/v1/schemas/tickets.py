"""Tickets (工单) opened by integrators, moved through their workflow, read back with their
deadlines, full history and follow-up tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from backoffice.api.v1.schemas.common import ApiModel, PhoneNumber, block_text, line_text
from backoffice.db.models import Ticket, TicketTask
from backoffice.domain.ticket_workflow import (
    ACTIONS,
    SERVICE_ORDER_SUBTYPES,
    TICKET_TYPES,
    allowed_actions,
)
from backoffice.services.sla import is_ticket_overdue

TicketType = Literal[TICKET_TYPES]  # type: ignore[valid-type]
TicketAction = Literal[ACTIONS]  # type: ignore[valid-type]
ServiceOrderSubtype = Literal[SERVICE_ORDER_SUBTYPES]  # type: ignore[valid-type]
MAX_REFUND_FEN = 100_000_000  # one million yuan: far beyond any refund, well inside 32 bits
Department = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class TicketCreate(ApiModel):
    type: TicketType = Field(examples=["complaint"])
    subtype: ServiceOrderSubtype | None = Field(
        default=None, description="service orders only, and required for them",
        examples=[None])
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
    area_kind: str | None = Field(description="urban, rural: picks the SLA rule",
                                  examples=["urban"])
    accept_deadline: datetime | None = Field(description="the acceptance reply is due by then")
    sla_deadline: datetime | None = Field(description="the resolution is due by then")
    overdue: bool = Field(description="an open stage is past its deadline", examples=[False])
    escalated_at: datetime | None = Field(description="when it was escalated as overdue")
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, ticket: Ticket, now: datetime) -> TicketOut:
        fields = {name: getattr(ticket, name) for name in cls.model_fields if name != "overdue"}
        return cls(**fields, overdue=is_ticket_overdue(ticket, now))


class TicketEventOut(ApiModel):
    at: datetime
    actor: str = Field(examples=["api:crm"])
    action: str = Field(examples=["created"])
    from_status: str | None = Field(examples=[None])
    to_status: str | None = Field(examples=["received"])
    note: str = Field(examples=["charged twice for October"])


class TicketTaskOut(ApiModel):
    id: int = Field(examples=[1])
    kind: str = Field(description="callback (tell the customer), escalation (overdue)",
                      examples=["callback"])
    assignee_agent_id: int | None = Field(description="null: the pool of the role",
                                          examples=[1])
    role: str = Field(examples=["agent"])
    due_at: datetime
    created_at: datetime
    done_at: datetime | None
    done_by: str | None = Field(examples=[None])
    note: str = Field(examples=["tell the customer the outcome of accept_reply"])


class TicketDetail(TicketOut):
    details: str = Field(examples=["The October bill shows the monthly fee twice."])
    demand: str | None = Field(examples=["refund the second fee"])
    contact_number: str | None = Field(examples=["13800000001"])
    owner_agent_id: int | None = Field(description="the agent who tells the customer",
                                       examples=[None])
    reply: str | None = Field(description="the responsible department's reply",
                              examples=[None])
    resolution: str | None = Field(examples=[None])
    refund_fen: int = Field(examples=[0])
    satisfaction: int | None = Field(examples=[None])
    customer_informed_at: datetime | None
    allowed_actions: list[str] = Field(
        description="what the ticket's status allows next (roles aside)",
        examples=[["send_to_qa", "resolve_on_call", "add_note"]])
    events: list[TicketEventOut]
    tasks: list[TicketTaskOut]

    @classmethod
    def of(cls, ticket: Ticket, now: datetime,
           tasks: list[TicketTask] | None = None) -> TicketDetail:
        summary = TicketOut.of(ticket, now).model_dump()
        return cls(**summary, details=ticket.details, demand=ticket.demand,
                   contact_number=ticket.contact_number, owner_agent_id=ticket.owner_agent_id,
                   reply=ticket.reply, resolution=ticket.resolution,
                   refund_fen=ticket.refund_fen, satisfaction=ticket.satisfaction,
                   customer_informed_at=ticket.customer_informed_at,
                   allowed_actions=list(allowed_actions(ticket.type, ticket.status)),
                   events=[TicketEventOut.model_validate(e) for e in ticket.events],
                   tasks=[TicketTaskOut.model_validate(t) for t in tasks or []])


class TicketActionIn(ApiModel):
    """An action on a ticket, taken with the role "api". Which fields an action needs:
    resolve_on_call and accept_reply a `resolution`; assign_department a `department`;
    department_reply a `reply`; send_back, cancel, follow_up and add_note a `note`;
    complete and repair a `resolution`; close `customer_informed` (and a `resolution` for
    suggestions and consultations)."""

    action: TicketAction = Field(examples=["send_to_qa"])
    note: Annotated[str, block_text(4000)] = Field(default="", examples=["called the customer"])
    resolution: Annotated[str, block_text(4000)] | None = Field(
        default=None, examples=["the duplicate fee is refunded"])
    department: Department | None = Field(default=None, examples=["billing"])
    reply: Annotated[str, block_text(4000)] | None = Field(default=None, examples=[None])
    refund_fen: int = Field(default=0, ge=0, le=MAX_REFUND_FEN,
                            description="credited to the account once, with accept_reply",
                            examples=[0])
    satisfaction: int | None = Field(default=None, ge=1, le=5, examples=[None])
    customer_informed: bool = Field(default=False, description="the customer was told the "
                                    "outcome", examples=[False])

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"action": "send_to_qa", "note": "the customer wants a written answer"},
        {"action": "complete", "resolution": "line installed and tested"}]})
