"""The screen pop (屏幕弹出): everything an agent needs at a glance when a call is offered.

Who is calling (name, numbers, VIP level), the money (balance, arrears, suspension), the
plan and features of the calling line, open tickets, the last five calls, and what the
caller already did in the voice menu (from the queue entry's context).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import (
    Account,
    CallSummary,
    Customer,
    Line,
    QueueEntry,
    Ticket,
)
from backoffice.db.models import Call as CallRecord
from backoffice.domain.ticket_workflow import FINAL_STATUSES
from backoffice.services.arrears import months_owed
from backoffice.services.customer_queries import owed_fen

RECENT_CALLS = 5
OPEN_TICKETS = 10


@dataclass(frozen=True)
class AccountView:
    account: Account
    owed_fen: int
    arrears_months: int


@dataclass(frozen=True)
class RecentCall:
    started_at: datetime
    caller_number: str
    outcome: str | None
    contained: bool
    menu_path: list[str]
    disposition: str | None
    notes: str


@dataclass(frozen=True)
class IvrSummary:
    """What happened in the voice menu, as the IVR reported it in the entry's context."""

    verified: bool
    verified_number: str | None
    menu_path: list[str]
    heard: list[str]
    failed_pin_attempts: int
    language: str | None
    reason: str | None
    topic: str | None
    ivr_notes: dict[str, Any]
    agent_notes: list[dict[str, Any]]
    transferred_from: dict[str, Any] | None

    @classmethod
    def from_context(cls, context: dict[str, Any] | None) -> IvrSummary:
        ctx = context or {}
        notes = ctx.get("notes")
        agent_notes = ctx.get("agent_notes")
        return cls(
            verified=bool(ctx.get("verified")),
            verified_number=ctx.get("verified_number"),
            menu_path=[str(p) for p in ctx.get("menu_path") or []],
            heard=[str(h) for h in ctx.get("heard") or []],
            failed_pin_attempts=int(ctx.get("failed_pin_attempts") or 0),
            language=ctx.get("language"),
            reason=ctx.get("reason"),
            topic=ctx.get("topic"),
            ivr_notes=notes if isinstance(notes, dict) else {},
            agent_notes=agent_notes if isinstance(agent_notes, list) else [],
            transferred_from=ctx.get("transferred_from"),
        )


@dataclass(frozen=True)
class ScreenPop:
    entry: QueueEntry
    ivr: IvrSummary
    customer: Customer | None = None
    line: Line | None = None
    account: AccountView | None = None
    lines: list[Line] = field(default_factory=list)
    open_tickets: list[Ticket] = field(default_factory=list)
    recent_calls: list[RecentCall] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.customer is not None


def screen_pop(db: Session, entry: QueueEntry, today: date) -> ScreenPop:
    ivr = IvrSummary.from_context(entry.context)
    line = None
    if entry.line_id is not None:
        line = db.scalar(select(Line).where(Line.id == entry.line_id).options(
            selectinload(Line.plan), selectinload(Line.account)))
    customer = None
    if entry.customer_id is not None:
        customer = db.scalar(select(Customer).where(Customer.id == entry.customer_id).options(
            selectinload(Customer.accounts).selectinload(Account.lines).selectinload(Line.plan)))
    if customer is None:
        return ScreenPop(entry=entry, ivr=ivr, line=line)
    account = line.account if line is not None else (
        customer.accounts[0] if customer.accounts else None)
    account_view = None if account is None else AccountView(
        account, owed_fen(db, account.id), months_owed(db, account.id, today))
    return ScreenPop(
        entry=entry, ivr=ivr, customer=customer, line=line, account=account_view,
        lines=[ln for acc in customer.accounts for ln in acc.lines],
        open_tickets=open_tickets(db, customer.id),
        recent_calls=recent_calls(db, customer.id, exclude_call_uuid=entry.call_uuid),
    )


def open_tickets(db: Session, customer_id: int, limit: int = OPEN_TICKETS) -> list[Ticket]:
    return list(db.scalars(select(Ticket).where(
        Ticket.customer_id == customer_id, Ticket.status.not_in(FINAL_STATUSES))
        .order_by(Ticket.created_at.desc()).limit(limit)))


def recent_calls(db: Session, customer_id: int, exclude_call_uuid: str | None = None,
                 limit: int = RECENT_CALLS) -> list[RecentCall]:
    """The customer's last calls, with the agent's disposition and notes where one took it."""
    stmt = select(CallRecord).where(CallRecord.customer_id == customer_id)
    if exclude_call_uuid:
        stmt = stmt.where(CallRecord.call_uuid != exclude_call_uuid)
    calls = list(db.scalars(stmt.order_by(CallRecord.started_at.desc()).limit(limit)))
    summaries: dict[str, CallSummary] = {}
    if calls:
        for uuid, summary in db.execute(
                select(QueueEntry.call_uuid, CallSummary)
                .join(CallSummary, CallSummary.queue_entry_id == QueueEntry.id)
                .where(QueueEntry.call_uuid.in_([c.call_uuid for c in calls]))
                .order_by(CallSummary.id)):
            summaries[uuid] = summary  # the last agent's summary of that call wins
    return [RecentCall(
        started_at=c.started_at, caller_number=c.caller_number, outcome=c.outcome,
        contained=c.contained, menu_path=list(c.ivr_path or []),
        disposition=summaries[c.call_uuid].disposition if c.call_uuid in summaries else None,
        notes=summaries[c.call_uuid].notes if c.call_uuid in summaries else "",
    ) for c in calls]
