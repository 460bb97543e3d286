"""Tickets for the desk's ticket tests: opened and moved along through the workflow service,
as the API or another desk user would, so each test starts where its story starts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import Account, Line, Ticket, TicketEvent, TicketTask
from backoffice.services.ticket_workflow import Actor, apply_action
from backoffice.services.tickets import open_ticket
from tests.integration.desk.desk_helpers import SHOWCASE_NUMBER, agent

SUPERVISOR = Actor(name="agent:super01", role="supervisor")
# The complaint loop, step by step: (action, fields) leading to the next status.
COMPLAINT_STEPS: list[tuple[str, dict[str, object]]] = [
    ("send_to_qa", {}),
    ("assign_department", {"department": "billing"}),
    ("department_reply", {"reply": "the roaming charge was a rating error"}),
    ("accept_reply", {"resolution": "charge reversed"}),
]
STATUS_AFTER = {"received": 0, "qa_review": 1, "in_department": 2, "reply_review": 3,
                "informing": 4}


def new_ticket(engine: Engine, *, type: str = "complaint", status: str = "received",
               owner: str | None = "agent05", summary: str = "roaming charged twice",
               number: str = SHOWCASE_NUMBER, **extra: object) -> str:
    """A ticket of 张三's line, moved to `status` along the complaint loop."""
    with Session(engine) as db:
        line = db.scalar(select(Line).where(Line.number == number))
        assert line is not None
        owner_id = agent(engine, owner).id if owner else None
        ticket = open_ticket(db, type=type, summary=summary, channel="agent",
                             actor="agent:test", now=utcnow(), customer_id=line.account.customer_id,
                             line_id=line.id, contact_number=number, owner_agent_id=owner_id,
                             details="charged for roaming while at home", demand="refund",
                             **extra)  # type: ignore[arg-type]
        for action, fields in COMPLAINT_STEPS[:STATUS_AFTER.get(status, 0)]:
            apply_action(db, ticket, action, SUPERVISOR, utcnow(), **fields)  # type: ignore[arg-type]
        db.commit()
        assert ticket.status == status
        return ticket.number


def ticket(engine: Engine, number: str) -> Ticket:
    with Session(engine) as db:
        found = db.scalar(select(Ticket).where(Ticket.number == number))
        assert found is not None
        return found


def events(engine: Engine, number: str) -> list[TicketEvent]:
    with Session(engine) as db:
        return list(db.scalars(select(TicketEvent).join(Ticket)
                               .where(Ticket.number == number)
                               .order_by(TicketEvent.at, TicketEvent.id)))


def tasks(engine: Engine, number: str) -> list[TicketTask]:
    with Session(engine) as db:
        return list(db.scalars(select(TicketTask).join(Ticket).where(Ticket.number == number)
                               .order_by(TicketTask.id)))


def balance(engine: Engine, number: str = SHOWCASE_NUMBER) -> int:
    with Session(engine) as db:
        line = db.scalar(select(Line).where(Line.number == number))
        assert line is not None
        account = db.get(Account, line.account_id)
        assert account is not None
        return account.balance_fen


def set_deadlines(engine: Engine, number: str, sla_deadline: datetime,
                  accept_deadline: datetime | None = None) -> None:
    """Controlled time: put a ticket's clocks where the test needs them."""
    with Session(engine) as db:
        found = db.scalar(select(Ticket).where(Ticket.number == number))
        assert found is not None
        found.sla_deadline = sla_deadline
        found.accept_deadline = accept_deadline
        db.commit()
