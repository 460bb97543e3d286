"""SLA clocks of tickets: which rule applies, when a stage is due, and whether it is late.

Two stages: `accept` (the acceptance reply: the ticket leaves 'received') and `resolve`
(the work is done). The most specific rule wins: a rule naming the subtype beats one for
any subtype, then one naming the area kind (urban/rural) beats one for any area.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from backoffice.domain.business_calendar import BusinessCalendar
from backoffice.domain.ticket_workflow import CLOCK_STOPPED, RECEIVED

ACCEPT, RESOLVE = "accept", "resolve"
STAGES = (ACCEPT, RESOLVE)
CALENDAR, BUSINESS = "calendar", "business"
URBAN, RURAL = "urban", "rural"


@dataclass(frozen=True)
class SlaRuleSpec:
    ticket_type: str
    subtype: str | None
    area_kind: str | None
    stage: str
    duration_minutes: int
    calendar: str = CALENDAR


@dataclass(frozen=True)
class Deadlines:
    accept: datetime | None
    resolve: datetime | None


def pick_rule(rules: Iterable[SlaRuleSpec], ticket_type: str, subtype: str | None,
              area_kind: str | None, stage: str) -> SlaRuleSpec | None:
    matching = [r for r in rules
                if r.ticket_type == ticket_type and r.stage == stage
                and r.subtype in (None, subtype) and r.area_kind in (None, area_kind)]
    if not matching:
        return None
    return max(matching, key=lambda r: (r.subtype is not None, r.area_kind is not None))


def due_at(rule: SlaRuleSpec, start: datetime, calendar: BusinessCalendar) -> datetime:
    if rule.calendar == BUSINESS:
        return calendar.add_business_minutes(start, rule.duration_minutes)
    if rule.calendar != CALENDAR:
        raise ValueError(f"unknown SLA calendar {rule.calendar!r}")
    return start + timedelta(minutes=rule.duration_minutes)


def deadlines(rules: Iterable[SlaRuleSpec], ticket_type: str, subtype: str | None,
              area_kind: str | None, start: datetime, calendar: BusinessCalendar) -> Deadlines:
    rules = list(rules)
    found = {stage: pick_rule(rules, ticket_type, subtype, area_kind, stage) for stage in STAGES}
    return Deadlines(*(None if (rule := found[stage]) is None else due_at(rule, start, calendar)
                       for stage in STAGES))


def overdue_stage(status: str, accept_deadline: datetime | None,
                  sla_deadline: datetime | None, now: datetime) -> str | None:
    """The stage that is late now ('accept' first), or None when the ticket is on time."""
    if status == RECEIVED and accept_deadline is not None and now > accept_deadline:
        return ACCEPT
    if status not in CLOCK_STOPPED and sla_deadline is not None and now > sla_deadline:
        return RESOLVE
    return None


def is_overdue(status: str, accept_deadline: datetime | None, sla_deadline: datetime | None,
               now: datetime) -> bool:
    return overdue_stage(status, accept_deadline, sla_deadline, now) is not None
