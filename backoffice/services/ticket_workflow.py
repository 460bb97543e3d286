"""Move tickets through their workflow: the one entry point the desk, the API and the
system use to act on a ticket, plus the work lists and follow-up tasks around it.

``apply_action`` asks the domain (``domain.ticket_workflow``) whether the action may be
taken, claims the status change with a conditional UPDATE (two people acting at once: one
wins, the other is told the ticket moved on), stores what the action carries, writes the
history event and the audit row, and hands the change to the webhook outbox. A refund is
credited in the same transaction, so it happens exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, or_, select, update
from sqlalchemy.orm import Session

from backoffice.db.models import Account, Line, Ticket, TicketEvent, TicketTask
from backoffice.domain.ticket_workflow import (
    ADD_NOTE,
    ADMIN,
    AGENT,
    CLOSED,
    DEPARTMENT,
    FINAL_STATUSES,
    QA,
    SUPERVISOR,
    SYSTEM,
    Acting,
    ActionInput,
    ForbiddenTransition,
    MissingField,
    NotAllowed,
    TicketFacts,
    TicketRuleBroken,
    TicketWorkflowError,
    allowed_actions,
    check_actor,
    decide,
)
from backoffice.services.audit import audit
from backoffice.services.payments import apply_payment
from backoffice.services.sla import SlaPolicy, default_policy, overdue_clause, run_sla_sweep, sla_sweep
from backoffice.services.ticket_outbox import ticket_state_changed

__all__ = [
    "Actor", "ForbiddenTransition", "MissingField", "NotAllowed", "TaskNotFound",
    "TicketRuleBroken", "TicketWorkflowError", "actions_for", "apply_action", "complete_task",
    "open_tasks", "run_sla_sweep", "sla_sweep", "system_actor", "tasks_of_ticket", "work_list",
]

CALLBACK_DUE = timedelta(hours=24)  # the owner tells the customer the outcome within a day
CALLBACK, ESCALATION = "callback", "escalation"
# Actions after which the customer is to be told the outcome: a callback task.
CALLBACK_AFTER = frozenset({"accept_reply", "complete", "repair", "incident_resolved"})
# Actions that record the outcome (a resolution given with any other is not kept).
RESOLVING_ACTIONS = frozenset({"resolve_on_call", "accept_reply", "complete", "repair",
                               "incident_resolved", "close", "close_satisfied"})
# Actions that tell the customer (their open callback tasks are done with them).
INFORMING_ACTIONS = frozenset({"resolve_on_call", "close_satisfied", "follow_up", "close"})
# The default work list of each role (explicit filters override it).
QA_STATUSES = ("qa_review", "reply_review")
AGENT_POOL_STATUSES = ("received", "informing", "completed", "repaired", "acknowledged",
                       "in_progress")


@dataclass(frozen=True)
class Actor:
    """Who acts: a desk user (agent_id, and the department of a department user), an API
    client (role "api"), or the system itself. `name` is written into the history."""

    name: str
    role: str
    agent_id: int | None = None
    department: str | None = None


class TaskNotFound(LookupError):
    pass


def actions_for(ticket: Ticket, actor: Actor) -> tuple[str, ...]:
    """The actions this actor could take on the ticket now (for the desk's buttons)."""
    facts = _facts(ticket)
    acting = Acting(actor.role, actor.agent_id, actor.department)
    possible = []
    for action in allowed_actions(ticket.type, ticket.status):
        try:
            check_actor(facts, action, acting)
        except NotAllowed:
            continue
        possible.append(action)
    return tuple(possible)


def apply_action(
    db: Session, ticket: Ticket, action: str, actor: Actor, now: datetime, *,
    note: str = "", resolution: str | None = None, department: str | None = None,
    reply: str | None = None, refund_fen: int = 0, satisfaction: int | None = None,
    customer_informed: bool = False, incident_id: int | None = None,
    policy: SlaPolicy | None = None,
) -> Ticket:
    """Take `action` on the ticket in the caller's transaction.

    Raises ForbiddenTransition (not from this status, also when someone else moved the
    ticket meanwhile), NotAllowed (role, department, owner), MissingField, TicketRuleBroken.
    They are raised before anything is written, except a lost race for the refund (roll the
    transaction back on any error, as a `with db.begin()` block does).
    """
    given = ActionInput(note=note.strip(), resolution=_text(resolution),
                        department=_text(department), reply=_text(reply), refund_fen=refund_fen,
                        satisfaction=satisfaction, customer_informed=customer_informed,
                        incident_id=incident_id)
    from_status = ticket.status
    to_status = decide(_facts(ticket), action, Acting(actor.role, actor.agent_id,
                                                      actor.department), given)
    refund_account = _account_to_credit(db, ticket) if given.refund_fen else None
    if given.refund_fen and refund_account is None:
        raise TicketRuleBroken("the ticket has no customer account to credit a refund to")
    if action != ADD_NOTE:
        _claim(db, ticket, from_status, to_status, action, now)
    _store(db, ticket, action, given, to_status, now, actor, policy, refund_account)
    event = TicketEvent(ticket_id=ticket.id, at=now, actor=actor.name, action=action,
                        from_status=from_status, to_status=to_status,
                        note=_event_note(action, given))
    db.add(event)
    db.flush()
    audit(db, actor.name, f"ticket_{action}", "ticket", ticket.number, frm=from_status,
          to=to_status, refund_fen=given.refund_fen or None)
    if to_status != from_status:
        ticket_state_changed(db, ticket, event)
    return ticket


def _text(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def _facts(ticket: Ticket) -> TicketFacts:
    return TicketFacts(type=ticket.type, status=ticket.status, department=ticket.department,
                       owner_agent_id=ticket.owner_agent_id, resolution=ticket.resolution,
                       refund_already_credited=ticket.refund_payment_id is not None)


def _claim(db: Session, ticket: Ticket, from_status: str, to_status: str, action: str,
           now: datetime) -> None:
    """Move the status only if nobody moved it since we read it."""
    moved = cast("CursorResult[Any]", db.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.status == from_status)
        .values(status=to_status, updated_at=now)
        .execution_options(synchronize_session=False))).rowcount
    if moved != 1:
        db.refresh(ticket)
        raise ForbiddenTransition(ticket.type, ticket.status, action)
    db.refresh(ticket, ["status", "updated_at"])


def _store(db: Session, ticket: Ticket, action: str, given: ActionInput, to_status: str,
           now: datetime, actor: Actor, policy: SlaPolicy | None,
           refund_account: int | None) -> None:
    """Keep what the action carries on the ticket."""
    if given.resolution is not None and action in RESOLVING_ACTIONS:
        ticket.resolution = given.resolution
    if given.department is not None and action in ("assign_department", "dispatch"):
        ticket.department = given.department
    if action == "department_reply":
        ticket.reply = given.reply
    if action == "link_incident":
        ticket.incident_id = given.incident_id
    if given.satisfaction is not None and action in ("resolve_on_call", "close_satisfied"):
        ticket.satisfaction = given.satisfaction
    if action == "resolve_on_call" or (given.customer_informed and action in INFORMING_ACTIONS):
        ticket.customer_informed_at = now
        _finish_callbacks(db, ticket, actor, now)
    if to_status in FINAL_STATUSES and action != ADD_NOTE:
        ticket.closed_at = now
    ticket.updated_at = now
    if given.refund_fen and refund_account is not None:
        _credit_refund(db, ticket, refund_account, given.refund_fen, actor, now,
                       policy or default_policy())
    if action in CALLBACK_AFTER:
        _callback_task(db, ticket, now, f"tell the customer the outcome of {action}")
    if to_status == CLOSED and action != ADD_NOTE and ticket.type in ("complaint", "appeal") \
            and not (ticket.resolution and ticket.customer_informed_at):
        raise TicketRuleBroken(f"a {ticket.type} cannot close without a resolution told to "
                               "the customer")  # the domain checked it; this guards the data
    db.flush()


def _event_note(action: str, given: ActionInput) -> str:
    parts = [given.note] if given.note else []
    if given.department and action in ("assign_department", "dispatch"):
        parts.append(f"department: {given.department}")
    if given.reply and action == "department_reply":
        parts.append(f"reply: {given.reply}")
    if given.resolution and action in RESOLVING_ACTIONS:
        parts.append(f"resolution: {given.resolution}")
    if given.refund_fen:
        parts.append(f"refund: {given.refund_fen} fen")
    if given.satisfaction is not None:
        parts.append(f"satisfaction: {given.satisfaction}")
    if given.incident_id is not None:
        parts.append(f"incident: {given.incident_id}")
    return "\n".join(parts)


def _account_to_credit(db: Session, ticket: Ticket) -> int | None:
    """The account of the ticket's line, else the customer's first account."""
    if ticket.line_id is not None:
        account_id = db.scalar(select(Line.account_id).where(Line.id == ticket.line_id))
        if account_id is not None:
            return account_id
    if ticket.customer_id is None:
        return None
    return db.scalar(select(Account.id).where(Account.customer_id == ticket.customer_id)
                     .order_by(Account.id).limit(1))


def _credit_refund(db: Session, ticket: Ticket, account_id: int, refund_fen: int, actor: Actor,
                   now: datetime, policy: SlaPolicy) -> None:
    """Credit the refund as a payment of method 'refund' (it settles arrears like any
    payment), and tie it to the ticket; a second credit for the ticket is refused."""
    ticket_id, number = ticket.id, ticket.number
    payment = apply_payment(db, account_id, refund_fen, "refund", f"ticket:{number}",
                            actor.name, policy.local_day(now))
    tied = cast("CursorResult[Any]", db.execute(
        update(Ticket).where(Ticket.id == ticket_id, Ticket.refund_payment_id.is_(None))
        .values(refund_payment_id=payment.id, refund_fen=refund_fen)
        .execution_options(synchronize_session=False))).rowcount
    if tied != 1:
        raise TicketRuleBroken("this ticket's refund was already credited")
    db.refresh(ticket)


def _callback_task(db: Session, ticket: Ticket, now: datetime, note: str) -> TicketTask:
    """首问负责制: the owner calls the customer back; with no owner, the agents' pool does."""
    task = TicketTask(ticket_id=ticket.id, kind=CALLBACK, assignee_agent_id=ticket.owner_agent_id,
                      role=AGENT, due_at=now + CALLBACK_DUE, created_at=now, note=note)
    db.add(task)
    return task


def _finish_callbacks(db: Session, ticket: Ticket, actor: Actor, now: datetime) -> None:
    db.execute(update(TicketTask).where(
        TicketTask.ticket_id == ticket.id, TicketTask.kind == CALLBACK,
        TicketTask.done_at.is_(None)).values(done_at=now, done_by=actor.name)
        .execution_options(synchronize_session=False))


def work_list(db: Session, actor: Actor, now: datetime, *, type: str | None = None,
              status: str | None = None, overdue: bool | None = None, mine: bool = False,
              limit: int = 200) -> list[Ticket]:
    """The tickets this actor's role works on, most urgent first.

    Without a status filter: QA sees complaints and appeals waiting for QA; a department
    its own open tickets; an agent the open tickets they own plus the unowned ones waiting
    for an agent (the back-office pool); supervisors, admins, the API all open tickets.
    """
    stmt = select(Ticket)
    if status is not None:
        stmt = stmt.where(Ticket.status == status)
    else:
        stmt = stmt.where(Ticket.status.not_in(FINAL_STATUSES))
        if actor.role == QA:
            stmt = stmt.where(Ticket.status.in_(QA_STATUSES))
        elif actor.role == AGENT and not mine:
            stmt = stmt.where(or_(Ticket.owner_agent_id == actor.agent_id,
                                  Ticket.owner_agent_id.is_(None)
                                  & Ticket.status.in_(AGENT_POOL_STATUSES)))
    if actor.role == DEPARTMENT:
        stmt = stmt.where(Ticket.department == actor.department)
    if type is not None:
        stmt = stmt.where(Ticket.type == type)
    if overdue is True:
        stmt = stmt.where(overdue_clause(now))
    elif overdue is False:
        stmt = stmt.where(~overdue_clause(now))
    if mine:
        stmt = stmt.where(Ticket.owner_agent_id == actor.agent_id)
    stmt = stmt.order_by(Ticket.priority.desc(), Ticket.escalated_at.is_(None),
                         Ticket.sla_deadline.is_(None), Ticket.sla_deadline, Ticket.id)
    return list(db.scalars(stmt.limit(limit)))


def _visible_tasks(actor: Actor) -> ColumnElement[bool]:
    open_ = TicketTask.done_at.is_(None)
    if actor.role == ADMIN:
        return open_
    pool = TicketTask.assignee_agent_id.is_(None) & (TicketTask.role == actor.role)
    if actor.agent_id is None:
        return open_ & pool
    return open_ & or_(TicketTask.assignee_agent_id == actor.agent_id, pool)


def open_tasks(db: Session, actor: Actor, now: datetime) -> list[TicketTask]:
    """Open tasks assigned to the actor, and those of its role's pool; earliest due first."""
    return list(db.scalars(select(TicketTask).where(_visible_tasks(actor))
                           .order_by(TicketTask.due_at, TicketTask.id)))


def tasks_of_ticket(db: Session, ticket_id: int) -> list[TicketTask]:
    return list(db.scalars(select(TicketTask).where(TicketTask.ticket_id == ticket_id)
                           .order_by(TicketTask.id)))


def complete_task(db: Session, task_id: int, actor: Actor, now: datetime,
                  note: str = "") -> TicketTask:
    """Mark a task done (once: completing a done task changes nothing) and note it in the
    ticket's history. Only its assignee, its role's pool, a supervisor or an admin may."""
    task = db.get(TicketTask, task_id)
    if task is None:
        raise TaskNotFound(task_id)
    mine = task.assignee_agent_id is not None and task.assignee_agent_id == actor.agent_id
    pool = task.assignee_agent_id is None and task.role == actor.role
    if not (mine or pool or actor.role in (SUPERVISOR, ADMIN)):
        raise NotAllowed("complete_task", actor.role, "the task is someone else's")
    done = cast("CursorResult[Any]", db.execute(
        update(TicketTask).where(TicketTask.id == task_id, TicketTask.done_at.is_(None))
        .values(done_at=now, done_by=actor.name, note=_joined(task.note, note))
        .execution_options(synchronize_session=False))).rowcount
    db.refresh(task)
    if done == 1:
        ticket = db.get(Ticket, task.ticket_id)
        assert ticket is not None
        db.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor.name, action="task_done",
                           from_status=ticket.status, to_status=ticket.status,
                           note=_joined(f"{task.kind} task done", note)))
        audit(db, actor.name, "ticket_task_done", "ticket", ticket.number, task_id=task_id)
        db.flush()
    return task


def _joined(first: str, second: str) -> str:
    return "\n".join(p for p in (first, second.strip()) if p)


def system_actor(name: str = "system") -> Actor:
    """The back office acting on its own (incident links, incident resolution, sweeps)."""
    return Actor(name=name, role=SYSTEM)
