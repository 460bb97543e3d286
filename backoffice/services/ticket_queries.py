"""Read models of tickets (工单) and their event history."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import Ticket


def tickets_matching(
    type: str | None = None, status: str | None = None, customer_id: int | None = None,
) -> Select[tuple[Ticket]]:
    stmt = select(Ticket)
    if type is not None:
        stmt = stmt.where(Ticket.type == type)
    if status is not None:
        stmt = stmt.where(Ticket.status == status)
    if customer_id is not None:
        stmt = stmt.where(Ticket.customer_id == customer_id)
    return stmt


def ticket_with_events(db: Session, number: str) -> Ticket | None:
    return db.scalar(select(Ticket).where(Ticket.number == number)
                     .options(selectinload(Ticket.events)))
