"""The business calendar SLA clocks run on, the choice of SLA rule, and the overdue flag."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.domain.business_calendar import BusinessCalendar, parse_hours
from backoffice.domain.sla_clock import (
    SlaRuleSpec,
    deadlines,
    is_overdue,
    overdue_stage,
    pick_rule,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = 24 * 60


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


# 2026-11-20 is a Friday.
FRIDAY_5PM = local(2026, 11, 20, 17, 0)


def test_one_business_day_from_friday_afternoon_is_monday_afternoon() -> None:
    calendar = BusinessCalendar()
    assert calendar.add_business_minutes(FRIDAY_5PM, DAY) == local(2026, 11, 23, 17, 0)


def test_a_weekend_start_waits_for_monday() -> None:
    saturday = local(2026, 11, 21, 10, 0)
    assert BusinessCalendar().add_business_minutes(saturday, DAY) == local(2026, 11, 24, 0, 0)


def test_holidays_stop_the_clock_and_make_up_days_run_it() -> None:
    monday = date(2026, 11, 23)
    calendar = BusinessCalendar(holidays=frozenset({monday}))
    assert calendar.add_business_minutes(FRIDAY_5PM, DAY) == local(2026, 11, 24, 17, 0)
    sunday = date(2026, 11, 22)
    calendar = BusinessCalendar(holidays=frozenset({monday}), extra_workdays=frozenset({sunday}))
    assert calendar.add_business_minutes(FRIDAY_5PM, DAY) == local(2026, 11, 22, 17, 0)


def test_business_hours_count_only_the_open_hours() -> None:
    opens, closes = parse_hours("09:00-18:00")
    calendar = BusinessCalendar(opens_minute=opens, closes_minute=closes)
    # one hour on Friday, eight on Monday from nine
    assert calendar.add_business_minutes(FRIDAY_5PM, 9 * 60) == local(2026, 11, 23, 17, 0)
    evening = local(2026, 11, 20, 20, 0)
    assert calendar.add_business_minutes(evening, 30) == local(2026, 11, 23, 9, 30)


def test_results_are_utc_instants_of_the_local_calendar() -> None:
    due = BusinessCalendar().add_business_minutes(FRIDAY_5PM.astimezone(UTC), DAY)
    assert due.tzinfo is UTC and due == local(2026, 11, 23, 17, 0)


@pytest.mark.parametrize("text", ["9-18", "18:00-09:00", "00:00-24:01", "aa:bb-cc:dd"])
def test_bad_business_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_hours(text)


def test_a_calendar_without_working_days_is_an_error() -> None:
    never = BusinessCalendar(weekend=frozenset(range(7)))
    with pytest.raises(ValueError, match="no working time"):
        never.add_business_minutes(FRIDAY_5PM, 1)


@given(start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                          timezones=st.just(UTC)),
       minutes=st.integers(min_value=0, max_value=40 * DAY),
       hours=st.sampled_from(["00:00-24:00", "09:00-18:00", "08:30-17:30"]))
def test_the_business_time_between_start_and_due_is_the_duration(
        start: datetime, minutes: int, hours: str) -> None:
    start = start.replace(second=0, microsecond=0)
    opens, closes = parse_hours(hours)
    calendar = BusinessCalendar(opens_minute=opens, closes_minute=closes,
                                holidays=frozenset({date(2026, 10, 1), date(2027, 2, 8)}))
    due = calendar.add_business_minutes(start, minutes)
    assert due >= start
    assert calendar.business_minutes_between(start, due) == minutes


RULES = [
    SlaRuleSpec("service_order", None, None, "accept", DAY, "business"),
    SlaRuleSpec("service_order", "new_install", "urban", "resolve", 28 * DAY),
    SlaRuleSpec("service_order", "new_install", "rural", "resolve", 38 * DAY),
    SlaRuleSpec("service_order", "change", None, "resolve", DAY),
    SlaRuleSpec("service_order", None, None, "resolve", 2 * DAY),
    SlaRuleSpec("fault", None, None, "resolve", DAY),
    SlaRuleSpec("fault", None, "rural", "resolve", 2 * DAY),
]


def test_the_most_specific_rule_wins() -> None:
    def minutes(type: str, subtype: str | None, area: str | None) -> int | None:
        rule = pick_rule(RULES, type, subtype, area, "resolve")
        return None if rule is None else rule.duration_minutes

    assert minutes("service_order", "new_install", "urban") == 28 * DAY
    assert minutes("service_order", "new_install", "rural") == 38 * DAY
    assert minutes("service_order", "new_install", None) == 2 * DAY  # no area: the default
    assert minutes("service_order", "change", "rural") == DAY
    assert minutes("fault", "broadband", "rural") == 2 * DAY
    assert minutes("fault", "broadband", "urban") == DAY
    assert minutes("complaint", None, None) is None


def test_deadlines_use_the_rules_calendar() -> None:
    due = deadlines(RULES, "service_order", "new_install", "rural", FRIDAY_5PM,
                    BusinessCalendar())
    assert due.accept == local(2026, 11, 23, 17, 0)  # 1 business day
    assert due.resolve == FRIDAY_5PM + timedelta(days=38)  # calendar days
    assert deadlines(RULES, "complaint", None, None, FRIDAY_5PM,
                     BusinessCalendar()).resolve is None


def test_overdue_is_per_stage_and_stops_with_the_work() -> None:
    accept, resolve = local(2026, 11, 21, 0, 0), local(2026, 11, 25, 0, 0)
    before, between, after = (accept - timedelta(minutes=1), accept + timedelta(minutes=1),
                              resolve + timedelta(minutes=1))
    assert overdue_stage("received", accept, resolve, before) is None
    assert overdue_stage("received", accept, resolve, accept) is None  # due means not late
    assert overdue_stage("received", accept, resolve, between) == "accept"
    assert overdue_stage("qa_review", accept, resolve, between) is None
    assert overdue_stage("qa_review", accept, resolve, after) == "resolve"
    for done in ("closed", "cancelled", "informing", "completed", "repaired", "linked"):
        assert not is_overdue(done, accept, resolve, after)
    assert not is_overdue("received", None, None, after)
