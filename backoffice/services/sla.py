"""SLA clocks of tickets: deadlines from the `sla_rules` table, and the sweep that escalates
overdue tickets to the supervisors (once per ticket).

The business calendar and the rural areas come from the settings (`SlaPolicy`); services
called without one use the process settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.config import Settings, get_settings
from backoffice.db.base import utcnow
from backoffice.db.models import Customer, SlaRule, Ticket, TicketEvent, TicketTask
from backoffice.domain.business_calendar import BusinessCalendar, parse_hours
from backoffice.domain.sla_clock import (
    ACCEPT,
    RURAL,
    URBAN,
    Deadlines,
    SlaRuleSpec,
    deadlines,
    overdue_stage,
)
from backoffice.domain.ticket_workflow import CLOCK_STOPPED, RECEIVED, SUPERVISOR
from backoffice.services.audit import audit

SWEEP_ACTOR = "system:sla-sweep"
SWEEP_BATCH = 500
ESCALATION_DUE = timedelta(hours=1)


@dataclass(frozen=True)
class SlaPolicy:
    calendar: BusinessCalendar
    rural_areas: frozenset[str]
    fault_link_window: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> SlaPolicy:
        opens, closes = parse_hours(settings.business_hours)
        calendar = BusinessCalendar(
            tz=ZoneInfo(settings.timezone), opens_minute=opens, closes_minute=closes,
            weekend=frozenset(settings.business_weekend),
            holidays=frozenset(settings.business_holidays),
            extra_workdays=frozenset(settings.business_extra_workdays))
        return cls(calendar, frozenset(settings.rural_areas),
                   timedelta(minutes=settings.fault_link_window_minutes))

    def area_kind(self, area: str | None) -> str | None:
        if area is None:
            return None
        return RURAL if area in self.rural_areas else URBAN

    def local_day(self, now: datetime) -> date:
        """The operator's business day (bills and payments are dated by it)."""
        return now.astimezone(self.calendar.tz).date()


def default_policy() -> SlaPolicy:
    return SlaPolicy.from_settings(get_settings())


def rule_specs(db: Session, ticket_type: str) -> list[SlaRuleSpec]:
    rows = db.scalars(select(SlaRule).where(SlaRule.ticket_type == ticket_type))
    return [SlaRuleSpec(r.ticket_type, r.subtype, r.area_kind, r.stage, r.duration_minutes,
                        r.calendar) for r in rows]


def area_kind_of_customer(db: Session, customer_id: int | None, policy: SlaPolicy) -> str | None:
    if customer_id is None:
        return None
    return policy.area_kind(db.scalar(select(Customer.area).where(Customer.id == customer_id)))


def ticket_deadlines(db: Session, ticket_type: str, subtype: str | None, area_kind: str | None,
                     start: datetime, policy: SlaPolicy) -> Deadlines:
    return deadlines(rule_specs(db, ticket_type), ticket_type, subtype, area_kind, start,
                     policy.calendar)


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """SQL twin of ``domain.sla_clock.is_overdue`` (never NULL, so it can be negated)."""
    return or_(
        and_(Ticket.status == RECEIVED, Ticket.accept_deadline.is_not(None),
             Ticket.accept_deadline < now),
        and_(Ticket.status.not_in(CLOCK_STOPPED), Ticket.sla_deadline.is_not(None),
             Ticket.sla_deadline < now),
    )


def is_ticket_overdue(ticket: Ticket, now: datetime) -> bool:
    return overdue_stage(ticket.status, ticket.accept_deadline, ticket.sla_deadline,
                         now) is not None


def sla_sweep(db: Session, now: datetime) -> int:
    """Escalate every overdue ticket not escalated yet: an 'escalated' event and a task for
    the supervisors. A ticket is escalated once, however often the sweep runs (and when two
    sweeps race, the conditional UPDATE lets only one of them write)."""
    escalated = 0
    candidates = db.scalars(select(Ticket).where(
        overdue_clause(now), Ticket.escalated_at.is_(None)).order_by(Ticket.id)
        .limit(SWEEP_BATCH)).all()
    for ticket in candidates:
        claimed = cast("CursorResult[Any]", db.execute(
            update(Ticket).where(Ticket.id == ticket.id, Ticket.escalated_at.is_(None))
            .values(escalated_at=now).execution_options(synchronize_session=False))).rowcount
        if claimed != 1:
            continue
        stage = overdue_stage(ticket.status, ticket.accept_deadline, ticket.sla_deadline, now)
        due = ticket.accept_deadline if stage == ACCEPT else ticket.sla_deadline
        what = "acceptance reply" if stage == ACCEPT else "resolution"
        note = f"{what} overdue since {due.isoformat() if due else '?'}"
        db.add(TicketEvent(ticket_id=ticket.id, at=now, actor=SWEEP_ACTOR, action="escalated",
                           from_status=ticket.status, to_status=ticket.status, note=note))
        db.add(TicketTask(ticket_id=ticket.id, kind="escalation", assignee_agent_id=None,
                          role=SUPERVISOR, due_at=now + ESCALATION_DUE, created_at=now,
                          note=note))
        audit(db, SWEEP_ACTOR, "ticket_escalated", "ticket", ticket.number, stage=stage)
        escalated += 1
    db.flush()
    db.expire_all()
    return escalated


def run_sla_sweep(sessions: sessionmaker[Session], now: datetime | None = None) -> int:
    """One sweep in its own transaction (the periodic job and `callcenter sla-sweep`)."""
    with sessions() as db, db.begin():
        return sla_sweep(db, now or utcnow())
