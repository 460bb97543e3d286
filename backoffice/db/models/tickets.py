"""Tickets (工单) with their full event history, and network incidents fault reports link to."""

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
    sla_deadline: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)
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
