"""Tickets (工单): open one for a customer, move it through its workflow, follow it with
its deadlines, full history and tasks, list them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from backoffice.api.problems import Conflict, Forbidden, NotFound, Unprocessable
from backoffice.api.v1.auth import ApiClient, ReadTickets, WriteTickets
from backoffice.api.v1.deps import AccessLogDep, ReadSessionsDep, SettingsDep, WriteSessionsDep
from backoffice.api.v1.errors import InvalidReference
from backoffice.api.v1.pagination import PageDep, fetch_page
from backoffice.api.v1.params import CustomerIdQuery, TicketNumber
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.api.v1.schemas.tickets import (
    TicketActionIn,
    TicketCreate,
    TicketDetail,
    TicketOut,
    TicketTaskOut,
)
from backoffice.db.base import utcnow
from backoffice.db.models import Customer, Line, Ticket
from backoffice.domain.ticket_numbers import is_valid_ticket_number
from backoffice.domain.ticket_workflow import API
from backoffice.services.customer_queries import line_by_number
from backoffice.services.service_orders import ServiceOrderRefused, place_service_order
from backoffice.services.sla import SlaPolicy
from backoffice.services.ticket_queries import ticket_with_events, tickets_matching
from backoffice.services.ticket_workflow import (
    Actor,
    ForbiddenTransition,
    MissingField,
    NotAllowed,
    TicketRuleBroken,
    apply_action,
    tasks_of_ticket,
)
from backoffice.services.tickets import open_ticket

router = APIRouter(tags=["tickets"])
API_CHANNEL = "api"


class TransitionForbidden(Conflict):
    type_id, title = "forbidden-transition", "The ticket's status does not allow this action"


class ActionNotAllowed(Forbidden):
    type_id, title = "action-not-allowed", "The API may not take this action"


class MissingActionField(Unprocessable):
    type_id, title = "missing-field", "The action needs another field"


class TicketRuleViolated(Unprocessable):
    type_id, title = "ticket-rule", "The action breaks a ticket rule"


class ServiceOrderNotTaken(Conflict):
    type_id, title = "service-order-refused", "The service order cannot be taken"


def api_actor(client: ApiClient) -> Actor:
    return Actor(name=client.actor, role=API)


@router.post("/tickets", status_code=201, response_model=TicketDetail,
             summary="Open a ticket", responses=problems(409))
def create_ticket(body: TicketCreate, client: WriteTickets, sessions: WriteSessionsDep,
                  settings: SettingsDep) -> TicketDetail:
    """Opens the ticket as `received` with its SLA deadlines (from the SLA rules) and a
    readable number the customer can key in on the phone to hear its progress.

    A service order needs a `subtype` and a customer (or line) without arrears: the API
    client vouches for the customer's identity. Arrears or a closed line are a 409 problem
    whose `reason` says which."""
    now = utcnow()
    if body.type == "service_order" and body.subtype is None:
        raise Unprocessable("a service order needs a subtype: new_install, move, change, "
                            "resume or stop")
    if body.type != "service_order" and body.subtype is not None:
        raise Unprocessable("only service orders take a subtype")
    policy = SlaPolicy.from_settings(settings)
    try:
        with sessions() as db, db.begin():
            customer_id, line_id = _parties(db, body)
            if body.type == "service_order":
                assert body.subtype is not None
                ticket = place_service_order(
                    db, customer_id=customer_id, line=db.get(Line, line_id) if line_id else None,
                    subtype=body.subtype, summary=body.summary, channel=API_CHANNEL,
                    actor=client.actor, now=now, verified=True, details=body.details,
                    demand=body.demand, contact_number=body.contact_number, policy=policy)
            else:
                ticket = open_ticket(
                    db, type=body.type, summary=body.summary, channel=API_CHANNEL,
                    actor=client.actor, now=now, customer_id=customer_id, line_id=line_id,
                    details=body.details, contact_number=body.contact_number,
                    demand=body.demand, policy=policy)
            db.flush()
            db.refresh(ticket, ["events"])
            return TicketDetail.of(ticket, now)
    except ServiceOrderRefused as refused:
        if refused.reason == "no_customer":
            raise Unprocessable(str(refused)) from None
        raise ServiceOrderNotTaken(str(refused), reason=refused.reason) from None


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
    overdue: Annotated[bool | None, Query(
        description="true: only tickets with an open stage past its deadline; false: none "
                    "of those")] = None,
) -> Page[TicketOut]:
    now = utcnow()
    with sessions() as db:
        rows, next_cursor = fetch_page(
            db, tickets_matching(type, status, customer_id, overdue, now), Ticket.id, page,
            newest_first=True)
        result = Page(items=[TicketOut.of(t, now) for t in rows], next_cursor=next_cursor)
    access.read(client, "tickets_listed", "ticket", None, count=len(result.items),
                filters={"type": type, "status": status, "customer_id": customer_id,
                         "overdue": overdue})
    return result


@router.get("/tickets/{number}", response_model=TicketDetail,
            summary="A ticket with its history", responses=problems(404))
def get_ticket(number: TicketNumber, client: ReadTickets, sessions: ReadSessionsDep,
               access: AccessLogDep) -> TicketDetail:
    with sessions() as db:
        ticket = _ticket(db, number)
        detail = TicketDetail.of(ticket, utcnow(), tasks_of_ticket(db, ticket.id))
    access.read(client, "ticket_read", "ticket", number)
    return detail


def _ticket(db: Session, number: str) -> Ticket:
    if not is_valid_ticket_number(number):
        raise NotFound(f"{number} is not a valid ticket number (its check digit is wrong)")
    ticket = ticket_with_events(db, number)
    if ticket is None:
        raise NotFound(f"there is no ticket {number}")
    return ticket


@router.post("/tickets/{number}/actions", response_model=TicketDetail,
             summary="Take an action on a ticket", responses=problems(403, 404, 409))
def take_action(number: TicketNumber, body: TicketActionIn, client: WriteTickets,
                sessions: WriteSessionsDep, settings: SettingsDep) -> TicketDetail:
    """Moves the ticket along its workflow as the role `api`: e.g. `send_to_qa` a complaint,
    `accept`, `start_fulfilment`, `complete` or `cancel` a service order, `dispatch` or
    `repair` a fault, `add_note` to any ticket. The detail's `allowed_actions` says what the
    status allows next.

    An action the status does not allow is a 409 problem naming the status and the allowed
    actions (also when a concurrent change moved the ticket first: a retried action is
    refused rather than done twice); an action the API's role may not take is a 403; a
    missing field (e.g. `resolution` to complete) or a broken rule is a 422."""
    now = utcnow()
    try:
        with sessions() as db, db.begin():
            ticket = _ticket(db, number)
            apply_action(
                db, ticket, body.action, api_actor(client), now, note=body.note,
                resolution=body.resolution, department=body.department, reply=body.reply,
                refund_fen=body.refund_fen, satisfaction=body.satisfaction,
                customer_informed=body.customer_informed,
                policy=SlaPolicy.from_settings(settings))
            db.flush()
            db.refresh(ticket, ["events"])
            return TicketDetail.of(ticket, now, tasks_of_ticket(db, ticket.id))
    except ForbiddenTransition as refused:
        raise TransitionForbidden(str(refused), ticket_status=refused.status,
                                  allowed_actions=list(refused.allowed)) from None
    except NotAllowed as refused:
        raise ActionNotAllowed(str(refused)) from None
    except MissingField as missing:
        raise MissingActionField(str(missing), field=missing.field) from None
    except TicketRuleBroken as broken:
        raise TicketRuleViolated(str(broken)) from None


@router.get("/tickets/{number}/tasks", response_model=list[TicketTaskOut],
            summary="Follow-up tasks of a ticket", responses=problems(404))
def list_tasks(number: TicketNumber, client: ReadTickets,
               sessions: ReadSessionsDep) -> list[TicketTaskOut]:
    """Callbacks owed to the customer (the owner's, or the agents' pool when nobody owns the
    ticket) and escalations of overdue tickets to the supervisors, oldest first."""
    with sessions() as db:
        ticket = _ticket(db, number)
        return [TicketTaskOut.model_validate(t) for t in tasks_of_ticket(db, ticket.id)]
