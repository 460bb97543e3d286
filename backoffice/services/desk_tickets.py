"""The desk's side of tickets: work-list and task rows with the names they show, the ticket
page's read model (which action forms this user gets now), and the desk's actions.

Every change goes through the ticket workflow service, which checks the transition, the
role and the required fields and writes the history and the audit trail; this module only
translates between forms and that service, and turns its refusals into the desk's codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import Agent, Customer, Line, Ticket, TicketEvent, TicketTask
from backoffice.domain import ticket_workflow as flow
from backoffice.domain.money import parse_yuan
from backoffice.services import ticket_workflow as workflow
from backoffice.services.audit import audit
from backoffice.services.desk_customer_actions import CONTACT_NUMBER
from backoffice.services.sla import is_ticket_overdue
from backoffice.services.ticket_workflow import Actor
from backoffice.services.tickets import TICKET_TYPES, find_ticket, open_ticket

# The order fields appear in on a form; `refund_fen` is typed in yuan.
FIELD_ORDER = ("department", "incident_id", "reply", "resolution", "refund_fen", "satisfaction",
               "customer_informed", "note")
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {"accept_reply": ("refund_fen",)}
KNOWN_FIELDS = frozenset(FIELD_ORDER)


class TicketActionRefused(Exception):
    """The desk refuses a ticket action; `code` names the message (`msg_<code>`)."""

    def __init__(self, code: str, status_code: int = 409) -> None:
        super().__init__(code)
        self.code = code
        self.status_code = status_code


def actor_of(agent: Agent) -> Actor:
    return Actor(name=f"agent:{agent.username}", role=agent.role, agent_id=agent.id,
                 department=agent.department)


# --- which forms a user gets ------------------------------------------------------------------

@dataclass(frozen=True)
class ActionForm:
    action: str
    fields: tuple[str, ...]
    required: frozenset[str]


def form_for(ticket_type: str, action: str) -> ActionForm:
    required = frozenset(flow.required_fields(ticket_type, action))
    wanted = required | set(OPTIONAL_FIELDS.get(action, ())) | {"note"}
    return ActionForm(action, tuple(name for name in FIELD_ORDER if name in wanted), required)


def action_forms(agent: Agent, ticket: Ticket) -> list[ActionForm]:
    """One form per action this user may take in the ticket's state (role, department and
    owner rules of the workflow); notes come last."""
    actions = sorted(workflow.actions_for(ticket, actor_of(agent)), key=lambda a: a == flow.ADD_NOTE)
    return [form_for(ticket.type, a) for a in actions]


def all_statuses(ticket_type: str | None = None) -> list[str]:
    """The states offered in the work list's filter: of one type, or of every type."""
    found: list[str] = []
    for kind in (ticket_type,) if ticket_type else TICKET_TYPES:
        found += [s for s in flow.statuses(kind) if s not in found]
    return found


# --- rows of the work lists -------------------------------------------------------------------

@dataclass(frozen=True)
class TicketRow:
    ticket: Ticket
    customer_name: str | None
    owner_name: str | None
    deadline: datetime | None
    overdue: bool


@dataclass(frozen=True)
class TaskRow:
    task: TicketTask
    ticket: Ticket
    customer_name: str | None
    overdue: bool


@dataclass(frozen=True)
class Filters:
    type: str | None = None
    status: str | None = None
    overdue: bool = False
    mine: bool = False


def deadline_of(ticket: Ticket) -> datetime | None:
    """The clock that runs out first: the acceptance reply while the ticket waits to be
    taken up, then the resolution deadline."""
    pending = [d for d in (ticket.accept_deadline if ticket.status == "received" else None,
                           ticket.sla_deadline) if d is not None]
    return min(pending) if pending else None


def work_rows(db: Session, agent: Agent, now: datetime, filters: Filters) -> list[TicketRow]:
    tickets = workflow.work_list(db, actor_of(agent), now, type=filters.type,
                                 status=filters.status, overdue=True if filters.overdue else None,
                                 mine=filters.mine)
    customers = _customer_names(db, (t.customer_id for t in tickets))
    owners = _agent_names(db, (t.owner_agent_id for t in tickets))
    return [TicketRow(t, customers.get(t.customer_id), owners.get(t.owner_agent_id),
                      deadline_of(t), is_ticket_overdue(t, now)) for t in tickets]


def task_rows(db: Session, agent: Agent, now: datetime) -> list[TaskRow]:
    tasks = workflow.open_tasks(db, actor_of(agent), now)
    customers = _customer_names(db, (task.ticket.customer_id for task in tasks))
    return [TaskRow(task, task.ticket, customers.get(task.ticket.customer_id), task.due_at < now)
            for task in tasks]


def _customer_names(db: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {i: name for i, name in db.execute(
        select(Customer.id, Customer.name).where(Customer.id.in_(wanted)))}


def _agent_names(db: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {i: name for i, name in db.execute(
        select(Agent.id, Agent.display_name).where(Agent.id.in_(wanted)))}


# --- the ticket page --------------------------------------------------------------------------

@dataclass(frozen=True)
class TicketPage:
    ticket: Ticket
    customer: Customer | None
    line: Line | None
    owner: Agent | None
    events: list[TicketEvent]
    forms: list[ActionForm]
    tasks: list[TicketTask]
    departments: list[str]
    overdue: bool


def departments(db: Session) -> list[str]:
    """The responsible departments: those the desk has department users for."""
    return sorted(set(db.scalars(select(Agent.department).where(
        Agent.role == "department", Agent.active, Agent.department.is_not(None)))))  # type: ignore[arg-type]


def ticket_page(db: Session, agent: Agent, number: str, now: datetime, *,
                audited: bool = True) -> TicketPage | None:
    """The ticket, its timeline and this user's forms; opening the page is audited (it shows
    the customer's contact details)."""
    ticket = db.scalar(select(Ticket).where(Ticket.number == number)
                       .options(selectinload(Ticket.events)))
    if ticket is None:
        return None
    events = sorted(ticket.events, key=lambda e: (e.at, e.id))
    tasks = workflow.tasks_of_ticket(db, ticket.id)
    if audited:
        audit(db, actor_of(agent).name, "ticket_viewed", "ticket", ticket.number, via="desk")
    return TicketPage(
        ticket=ticket,
        customer=db.get(Customer, ticket.customer_id) if ticket.customer_id else None,
        line=db.get(Line, ticket.line_id) if ticket.line_id else None,
        owner=db.get(Agent, ticket.owner_agent_id) if ticket.owner_agent_id else None,
        events=events, forms=action_forms(agent, ticket), tasks=tasks,
        departments=departments(db), overdue=is_ticket_overdue(ticket, now))


# --- actions ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormInput:
    """An action form as typed: text, with the refund in yuan."""

    note: str = ""
    resolution: str = ""
    department: str = ""
    reply: str = ""
    refund: str = ""
    satisfaction: str = ""
    customer_informed: bool = False
    incident_id: str = ""


def _refund_fen(text: str) -> int:
    if not text.strip():
        return 0
    try:
        fen = parse_yuan(text.strip())
    except ValueError:
        raise TicketActionRefused("bad_refund", 422) from None
    if fen < 0:
        raise TicketActionRefused("bad_refund", 422)
    return fen


def _satisfaction(text: str) -> int | None:
    if not text.strip():
        return None
    if text.strip() not in ("1", "2", "3", "4", "5"):
        raise TicketActionRefused("bad_satisfaction", 422)
    return int(text)


def _apply(db: Session, ticket: Ticket, action: str, agent: Agent, now: datetime,
           **fields: Any) -> Ticket:
    """The workflow service decides and does the work; its refusals become the desk's codes."""
    try:
        return workflow.apply_action(db, ticket, action, actor_of(agent), now, **fields)
    except workflow.ForbiddenTransition:
        raise TicketActionRefused("forbidden_transition", 409) from None
    except workflow.MissingField as missing:
        code = f"missing_{missing.field}" if missing.field in KNOWN_FIELDS else "missing_field"
        raise TicketActionRefused(code, 422) from None
    except workflow.NotAllowed:
        raise TicketActionRefused("ticket_not_allowed", 403) from None
    except workflow.TicketRuleBroken:
        raise TicketActionRefused("ticket_rule_broken", 409) from None


def take_action(db: Session, agent: Agent, number: str, action: str, form: FormInput,
                now: datetime) -> Ticket:
    ticket = find_ticket(db, number)
    if ticket is None:
        raise TicketActionRefused("not_found", 404)
    return _apply(db, ticket, action, agent, now, note=form.note.strip(),
                  resolution=form.resolution.strip() or None,
                  department=form.department.strip() or None,
                  reply=form.reply.strip() or None, refund_fen=_refund_fen(form.refund),
                  satisfaction=_satisfaction(form.satisfaction),
                  customer_informed=form.customer_informed,
                  incident_id=int(form.incident_id) if form.incident_id.isdigit() else None)


def settle_on_call(db: Session, ticket: Ticket, agent: Agent, outcome: str, resolution: str,
                   satisfaction: str, now: datetime) -> str | None:
    """Right after a complaint is recorded on the call: solved on the call (closed with the
    resolution and the customer's satisfaction) or sent to QA. Returns the action taken;
    types without that step (or no outcome chosen) stay as they are."""
    if outcome not in ("send_to_qa", "resolve_on_call"):
        return None
    if outcome not in flow.allowed_actions(ticket.type, ticket.status):
        return None
    if outcome == "resolve_on_call":
        _apply(db, ticket, outcome, agent, now, resolution=resolution.strip() or None,
               satisfaction=_satisfaction(satisfaction))
    else:
        _apply(db, ticket, outcome, agent, now)
    return outcome


def finish_task(db: Session, agent: Agent, task_id: int, note: str, now: datetime) -> None:
    task = db.get(TicketTask, task_id)
    if task is None or task.done_at is not None:
        raise TicketActionRefused("no_such_task", 404)
    try:
        workflow.complete_task(db, task_id, actor_of(agent), now, note=note.strip())
    except workflow.TaskNotFound:
        raise TicketActionRefused("no_such_task", 404) from None
    except workflow.NotAllowed:
        raise TicketActionRefused("ticket_not_allowed", 403) from None


# --- a new ticket outside a call (the customer page) ------------------------------------------

@dataclass(frozen=True)
class NewTicket:
    type: str
    summary: str
    details: str = ""
    demand: str = ""
    contact: str = ""
    line_id: int | None = None


def clean_contact(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not CONTACT_NUMBER.match(text):
        raise TicketActionRefused("bad_number", 422)
    return text


def open_for_customer(db: Session, agent: Agent, customer_id: int, new: NewTicket,
                      now: datetime) -> Ticket:
    """首问负责制: whoever records the request owns telling the customer the outcome."""
    customer = db.get(Customer, customer_id)
    if customer is None:
        raise TicketActionRefused("not_found", 404)
    if new.type not in TICKET_TYPES:
        raise TicketActionRefused("bad_ticket_type", 422)
    if not new.summary.strip():
        raise TicketActionRefused("summary_required", 422)
    line = db.get(Line, new.line_id) if new.line_id is not None else None
    if new.line_id is not None and (line is None or line.account.customer_id != customer.id):
        raise TicketActionRefused("not_this_customer", 422)
    return open_ticket(db, type=new.type, summary=new.summary.strip()[:200],
                       details=new.details.strip(), demand=new.demand.strip() or None,
                       channel="agent", actor=actor_of(agent).name, now=now,
                       customer_id=customer.id, line_id=line.id if line else None,
                       contact_number=clean_contact(new.contact) or customer.contact_number,
                       owner_agent_id=agent.id)
