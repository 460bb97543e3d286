"""Read models of tickets (工单): filtered lists, one ticket with its history and tasks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import Ticket
from backoffice.services.sla import overdue_clause


def tickets_matching(
    type: str | None = None, status: str | None = None, customer_id: int | None = None,
    overdue: bool | None = None, now: datetime | None = None,
) -> Select[tuple[Ticket]]:
    stmt = select(Ticket)
    if type is not None:
        stmt = stmt.where(Ticket.type == type)
    if status is not None:
        stmt = stmt.where(Ticket.status == status)
    if customer_id is not None:
        stmt = stmt.where(Ticket.customer_id == customer_id)
    if overdue is not None:
        if now is None:
            raise ValueError("filtering on overdue needs the time")
        stmt = stmt.where(overdue_clause(now) if overdue else ~overdue_clause(now))
    return stmt


def ticket_with_events(db: Session, number: str) -> Ticket | None:
    return db.scalar(select(Ticket).where(Ticket.number == number)
                     .options(selectinload(Ticket.events)))


def tickets_of_incident(db: Session, incident_id: int) -> list[Ticket]:
    return list(db.scalars(select(Ticket).where(Ticket.incident_id == incident_id)
                           .order_by(Ticket.id)))
