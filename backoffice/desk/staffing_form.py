"""The staffing page's form: a pasted forecast and targets in, Erlang C rows out. Pure.

A forecast is what a planner pastes from a spreadsheet: one number per interval (spaces,
commas or new lines between them), or lines of "08:00  120" (a start time, then the calls).
Intervals without a time are labelled from the first interval's start.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backoffice.domain.erlang_c import (
    ServiceTarget,
    Staffing,
    StaffingInputError,
    Workload,
    agents_required,
)

MAX_INTERVALS = 336  # a week of half-hours
INTERVAL_CHOICES = (15, 30, 60)
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
_SEPARATORS = re.compile(r"[\s,;，；]+")
EXAMPLE_DAY = (  # a weekday's calls per half-hour from 08:00 to 20:00, for the example link
    "120 180 240 290 310 300 280 260 230 210 220 250 270 280 260 240 220 200 170 150 "
    "130 110 90 70")


class StaffingFormError(ValueError):
    """A field the planner must correct: `code` names the message, `detail` what was wrong."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class StaffingForm:
    forecast: str = ""
    start: str = "08:00"
    interval_minutes: int = 30
    aht_s: str = "180"
    answer_s: str = "15"
    service_level_pct: str = "80"
    max_occupancy_pct: str = "100"
    shrinkage_pct: str = "0"

    @classmethod
    def of(cls, query: Mapping[str, str]) -> StaffingForm:
        defaults = cls()
        try:
            interval = int(query.get("interval", defaults.interval_minutes))
        except ValueError:
            interval = 0
        return cls(
            forecast=query.get("forecast", ""), start=query.get("start", defaults.start).strip(),
            interval_minutes=interval, aht_s=query.get("aht_s", defaults.aht_s),
            answer_s=query.get("answer_s", defaults.answer_s),
            service_level_pct=query.get("sl", defaults.service_level_pct),
            max_occupancy_pct=query.get("occupancy", defaults.max_occupancy_pct),
            shrinkage_pct=query.get("shrinkage", defaults.shrinkage_pct))


@dataclass(frozen=True)
class StaffingRow:
    label: str
    calls: float
    staffing: Staffing


@dataclass(frozen=True)
class StaffingPlan:
    rows: list[StaffingRow]
    interval_minutes: int
    target: ServiceTarget

    @property
    def total_calls(self) -> float:
        return sum(r.calls for r in self.rows)

    @property
    def peak_agents(self) -> int:
        return max(r.staffing.agents for r in self.rows)

    @property
    def agent_hours(self) -> float:
        return sum(r.staffing.agents for r in self.rows) * self.interval_minutes / 60

    @property
    def scheduled_agent_hours(self) -> float:
        return sum(r.staffing.scheduled_agents for r in self.rows) * self.interval_minutes / 60


def _number(text: str, code: str, low: float, high: float) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise StaffingFormError(code, text.strip()[:20]) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise StaffingFormError(code, text.strip()[:20])
    return value


def parse_forecast(text: str, start: str, interval_minutes: int) -> list[tuple[str, float]]:
    """(label, calls) per interval, in the order given."""
    first = _TIME.match(start)
    if first is None:
        raise StaffingFormError("bad_start", start[:10])
    first_minute = int(first.group(1)) * 60 + int(first.group(2))
    entries: list[tuple[str | None, str]] = []
    for line in text.splitlines():
        tokens = [t for t in _SEPARATORS.split(line.strip()) if t]
        if len(tokens) == 2 and _TIME.match(tokens[0]):
            hour, minute = (int(p) for p in tokens[0].split(":"))
            entries.append((f"{hour:02d}:{minute:02d}", tokens[1]))
        else:
            entries.extend((None, token) for token in tokens)
    if not entries:
        raise StaffingFormError("no_forecast")
    if len(entries) > MAX_INTERVALS:
        raise StaffingFormError("too_many_intervals", str(len(entries)))
    intervals = []
    for position, (label, calls) in enumerate(entries):
        minute = (first_minute + position * interval_minutes) % (24 * 60)
        intervals.append((label or f"{minute // 60:02d}:{minute % 60:02d}",
                          _number(calls, "bad_calls", 0, 1_000_000)))
    return intervals


def staffing_plan(form: StaffingForm) -> StaffingPlan:
    """Agents required per interval of the form's forecast; StaffingFormError names the
    field to correct."""
    if form.interval_minutes not in INTERVAL_CHOICES:
        raise StaffingFormError("bad_interval", str(form.interval_minutes))
    intervals = parse_forecast(form.forecast, form.start, form.interval_minutes)
    aht_s = _number(form.aht_s, "bad_aht", 1, 7200)
    try:
        target = ServiceTarget(
            answer_within_s=_number(form.answer_s, "bad_answer", 0, 600),
            service_level=_number(form.service_level_pct, "bad_service_level", 1, 99.9) / 100,
            max_occupancy=_number(form.max_occupancy_pct, "bad_occupancy", 50, 100) / 100,
            shrinkage=_number(form.shrinkage_pct, "bad_shrinkage", 0, 90) / 100)
        rows = [StaffingRow(label, calls,
                            agents_required(Workload(calls, form.interval_minutes * 60.0, aht_s),
                                            target))
                for label, calls in intervals]
    except StaffingInputError as exc:  # e.g. traffic beyond any centre
        raise StaffingFormError("too_much_traffic", str(exc)) from None
    return StaffingPlan(rows, form.interval_minutes, target)


def bar_widths(rows: Sequence[StaffingRow]) -> list[int]:
    """Each interval's agents as a share of the peak, in percent, for the table's bars."""
    peak = max((r.staffing.agents for r in rows), default=0)
    return [round(100 * r.staffing.agents / peak) if peak else 0 for r in rows]
