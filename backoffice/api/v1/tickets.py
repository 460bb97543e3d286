"""Tickets (工单): open one for a customer, follow it with its full history, list them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from backoffice.api.problems import NotFound
from backoffice.api.v1.auth import ReadTickets, WriteTickets
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep, WriteSessionsDep
from backoffice.api.v1.errors import InvalidReference
from backoffice.api.v1.pagination import PageDep, fetch_page
from backoffice.api.v1.params import CustomerIdQuery, TicketNumber
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.api.v1.schemas.tickets import TicketCreate, TicketDetail, TicketOut
from backoffice.db.base import utcnow
from backoffice.db.models import Customer, Ticket
from backoffice.domain.ticket_numbers import is_valid_ticket_number
from backoffice.services.customer_queries import line_by_number
from backoffice.services.ticket_queries import ticket_with_events, tickets_matching
from backoffice.services.tickets import open_ticket

router = APIRouter(tags=["tickets"])
API_CHANNEL = "api"


@router.post("/tickets", status_code=201, response_model=TicketDetail,
             summary="Open a ticket")
def create_ticket(body: TicketCreate, client: WriteTickets,
                  sessions: WriteSessionsDep) -> TicketDetail:
    """Opens the ticket as `received` with its SLA deadline and a readable number the
    customer can key in on the phone to hear its progress."""
    now = utcnow()
    with sessions() as db, db.begin():
        customer_id, line_id = _parties(db, body)
        ticket = open_ticket(
            db, type=body.type, summary=body.summary, channel=API_CHANNEL, actor=client.actor,
            now=now, customer_id=customer_id, line_id=line_id, details=body.details,
            contact_number=body.contact_number, demand=body.demand)
        db.flush()
        db.refresh(ticket, ["events"])
        return TicketDetail.of(ticket, now)


def _parties(db: Session, body: TicketCreate) -> tuple[int | None, int | None]:
    """The customer and line the ticket is about, checked to exist and to agree."""
    customer_id = body.customer_id
    if customer_id is not None and db.get(Customer, customer_id) is None:
        raise InvalidReference(f"there is no customer {customer_id}")
    if body.line_number is None:
        return customer_id, None
    line = line_by_number(db, body.line_number)
    if line is None:
        raise InvalidReference(f"there is no line {body.line_number}")
    owner = line.account.customer_id
    if customer_id is not None and customer_id != owner:
        raise InvalidReference(
            f"line {body.line_number} does not belong to customer {customer_id}")
    return owner, line.id


@router.get("/tickets", response_model=Page[TicketOut], summary="List tickets, newest first")
def list_tickets(
    client: ReadTickets, sessions: ReadSessionsDep, access: AccessLogDep, page: PageDep,
    type: Annotated[str | None, Query(pattern=r"^[a-z_]{1,20}$", description="ticket type",
                                      examples=["complaint"])] = None,
    status: Annotated[str | None, Query(pattern=r"^[a-z_]{1,24}$", description="status",
                                        examples=["received"])] = None,
    customer_id: CustomerIdQuery = None,
) -> Page[TicketOut]:
    now = utcnow()
    with sessions() as db:
        rows, next_cursor = fetch_page(db, tickets_matching(type, status, customer_id),
                                       Ticket.id, page, newest_first=True)
        result = Page(items=[TicketOut.of(t, now) for t in rows], next_cursor=next_cursor)
    access.read(client, "tickets_listed", "ticket", None, count=len(result.items),
                filters={"type": type, "status": status, "customer_id": customer_id})
    return result


@router.get("/tickets/{number}", response_model=TicketDetail,
            summary="A ticket with its history", responses=problems(404))
def get_ticket(number: TicketNumber, client: ReadTickets, sessions: ReadSessionsDep,
               access: AccessLogDep) -> TicketDetail:
    if not is_valid_ticket_number(number):
        raise NotFound(f"{number} is not a valid ticket number (its check digit is wrong)")
    with sessions() as db:
        ticket = ticket_with_events(db, number)
        if ticket is None:
            raise NotFound(f"there is no ticket {number}")
        detail = TicketDetail.of(ticket, utcnow())
    access.read(client, "ticket_read", "ticket", number)
    return detail
