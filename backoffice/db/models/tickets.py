"""Tickets (工单) with their full event history, their SLA rules and follow-up tasks, and the
network incidents fault reports link to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.db.base import Base, utcnow


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(32), index=True)
    cause_code: Mapped[str] = mapped_column(
        String(24), default="other",
        comment="fiber_cut, power, equipment, maintenance, weather, other: the IVR speaks it",
    )
    cause_zh: Mapped[str] = mapped_column(String(200))
    cause_en: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="open", comment="open, resolved")
    started_at: Mapped[datetime]
    expected_fix_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(64))


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_type", "status", "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True, comment="readable, keyable on a phone")
    type: Mapped[str] = mapped_column(String(20))
    subtype: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(24))
    priority: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(String(10), comment="ivr, agent, api")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    summary: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    demand: Mapped[str | None] = mapped_column(Text, comment="what the customer asks for")
    contact_number: Mapped[str | None] = mapped_column(String(20))
    department: Mapped[str | None] = mapped_column(String(40))
    owner_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    area_kind: Mapped[str | None] = mapped_column(
        String(8), comment="urban, rural: picks the SLA rule (new installs take longer in the country)")
    accept_deadline: Mapped[datetime | None] = mapped_column(
        comment="the acceptance reply is due by then (the clock stops when it leaves 'received')")
    sla_deadline: Mapped[datetime | None]  # resolution due, from sla_rules
    escalated_at: Mapped[datetime | None]  # set once by the SLA sweep when it fell overdue
    resolution: Mapped[str | None] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text, comment="the responsible department's reply")
    customer_informed_at: Mapped[datetime | None] = mapped_column(
        comment="when the customer was told the outcome (首问负责制)")
    refund_fen: Mapped[int] = mapped_column(default=0)
    refund_payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    satisfaction: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]

    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )


class TicketEvent(Base):
    """Who did what to a ticket, and when: the ticket's full history."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class SlaRule(Base):
    """How long a stage of a ticket may take: the operator standards, editable per site.

    The most specific rule wins (subtype and area kind given beat NULL = any)."""

    __tablename__ = "sla_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_type: Mapped[str] = mapped_column(String(20))
    subtype: Mapped[str | None] = mapped_column(String(20), comment="NULL: any subtype")
    area_kind: Mapped[str | None] = mapped_column(String(8), comment="urban, rural; NULL: any")
    stage: Mapped[str] = mapped_column(String(8), comment="accept (acceptance reply), resolve")
    duration_minutes: Mapped[int]
    calendar: Mapped[str] = mapped_column(
        String(10), default="calendar",
        comment="calendar: the clock always runs; business: only in business hours of working days")
    note: Mapped[str] = mapped_column(String(200), default="")


class TicketTask(Base):
    """Work a ticket asks of someone: call the customer back with the outcome, or look at an
    overdue ticket. No assignee means the pool of the role takes it."""

    __tablename__ = "ticket_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), comment="callback, escalation")
    assignee_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), index=True)
    role: Mapped[str] = mapped_column(String(12), comment="the role whose pool holds it")
    due_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")

    ticket: Mapped[Ticket] = relationship()
