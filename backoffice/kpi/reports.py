"""Indicators grouped by hour, day, agent, skill or ticket type, all through `definitions`.

Each record is counted in one group: queue entries and the conversations that followed by
the time the caller joined the queue, calls by their start, survey answers when given,
tickets when opened (all in the operator's time zone for hours and days). An indicator
that has no meaning for a grouping (service level per agent, occupancy per skill) is None.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from backoffice.kpi import definitions as d
from backoffice.kpi.model import (
    FCR_WINDOWS,
    CallRecord,
    HandledCall,
    KpiData,
    KpiSettings,
    QueueRecord,
    StateChange,
    SurveyRecord,
    TicketRecord,
)

GROUPINGS = ("hour", "day", "agent", "skill", "ticket_type")
TICKET_TYPE_NAMES = {
    "service_order": ("业务受理单", "Service order"), "complaint": ("投诉", "Complaint"),
    "fault": ("障碍申告", "Fault report"), "suggestion": ("建议", "Suggestion"),
    "appeal": ("申诉", "Appeal"), "consultation": ("咨询回复", "Consultation follow-up"),
}
HISTOGRAM_BIN_S = 60
HISTOGRAM_BINS = 10  # 0-1 min … 9-10 min, then one open bin for 10 min and more
T = TypeVar("T")


@dataclass(frozen=True)
class KpiRow:
    """The indicators of one group. Counts are ints; rates fractions; `_s` seconds."""

    key: str
    label_zh: str
    label_en: str
    offered: int
    answered: int
    abandoned: int
    short_abandons: int
    callbacks: int
    service_level: float | None
    asa_s: float | None
    abandonment_rate: float | None
    handled: int
    aht_s: float | None
    talk_s: float | None
    wrap_up_s: float | None
    occupancy: float | None
    ivr_calls: int
    ivr_exits: int
    ivr_containment: float | None
    fcr_24h: float | None
    fcr_7d: float | None
    surveys: int
    satisfaction: float | None
    tickets: int
    complaint_closure_s: float | None
    ticket_sla_hit_rate: float | None
    ticket_satisfaction: float | None
    wait_estimate_mae_s: float | None
    wait_estimates_within_30s: float | None
    summary_completion: float | None


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(KpiRow))
COUNT_COLUMNS = frozenset({"offered", "answered", "abandoned", "short_abandons", "callbacks",
                           "handled", "ivr_calls", "ivr_exits", "surveys", "tickets"})
SECONDS_COLUMNS = frozenset(c for c in COLUMNS if c.endswith("_s"))
RATE_COLUMNS = frozenset(COLUMNS[3:]) - COUNT_COLUMNS - SECONDS_COLUMNS
_HANDLING = ("handled", "aht_s", "talk_s", "wrap_up_s", "fcr_24h", "fcr_7d", "surveys",
             "satisfaction", "summary_completion")
_QUEUE = ("offered", "answered", "abandoned", "short_abandons", "callbacks", "service_level",
          "asa_s", "abandonment_rate", "wait_estimate_mae_s", "wait_estimates_within_30s")
_TICKETS = ("tickets", "complaint_closure_s", "ticket_sla_hit_rate", "ticket_satisfaction")
# The indicators that mean something per group of each grouping (a page shows only these;
# CSV and JSON carry every column, with 0 or null where a grouping has nothing).
MEANINGFUL: dict[str, tuple[str, ...]] = {
    "hour": COLUMNS[3:], "day": COLUMNS[3:],
    "agent": (*_HANDLING[:4], "occupancy", *_HANDLING[4:]),
    "skill": (*_QUEUE[:8], *_HANDLING, *_QUEUE[8:]),
    "ticket_type": _TICKETS,
}


@dataclass(frozen=True)
class HistogramBin:
    from_s: int
    to_s: int | None  # None: the open last bin
    count: int


@dataclass(frozen=True)
class Report:
    group_by: str
    start: datetime
    end: datetime
    rows: list[KpiRow]
    total: KpiRow
    handle_time_histogram: list[HistogramBin] = field(default_factory=list)


@dataclass
class _Slice:
    """The records of one group."""

    entries: list[QueueRecord] = field(default_factory=list)
    handled: list[HandledCall] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    surveys: list[SurveyRecord] = field(default_factory=list)
    tickets: list[TicketRecord] = field(default_factory=list)
    occupancy: float | None = None


def row_of(key: str, label: tuple[str, str], part: _Slice,
           repeat_calls: Sequence[CallRecord] | d.CallsByNumber, settings: KpiSettings,
           now: datetime) -> KpiRow:
    """One group's indicators, each from its definition."""
    fcr = {name: d.first_contact_resolution(part.handled, repeat_calls, window, now)
           for name, window in FCR_WINDOWS.items()}
    return KpiRow(
        key=key, label_zh=label[0], label_en=label[1],
        offered=d.offered(part.entries), answered=len(d.answered(part.entries)),
        abandoned=len(d.counted_abandons(part.entries, settings)),
        short_abandons=d.short_abandons(part.entries, settings),
        callbacks=d.callbacks_booked(part.entries),
        service_level=d.service_level(part.entries, settings),
        asa_s=d.average_speed_of_answer(part.entries),
        abandonment_rate=d.abandonment_rate(part.entries, settings),
        handled=len(part.handled), aht_s=d.average_handle_time(part.handled),
        talk_s=d.average_talk_time(part.handled), wrap_up_s=d.average_wrap_up_time(part.handled),
        occupancy=part.occupancy,
        ivr_calls=len(d.inbound(part.calls)), ivr_exits=d.ivr_exits(part.calls),
        ivr_containment=d.ivr_containment(part.calls),
        fcr_24h=fcr["24h"], fcr_7d=fcr["7d"],
        surveys=len(part.surveys), satisfaction=d.survey_satisfaction(part.surveys),
        tickets=len(part.tickets), complaint_closure_s=d.complaint_closure_time_s(part.tickets),
        ticket_sla_hit_rate=d.ticket_sla_hit_rate(part.tickets, now),
        ticket_satisfaction=d.ticket_satisfaction(part.tickets),
        wait_estimate_mae_s=d.wait_estimate_mae_s(part.entries),
        wait_estimates_within_30s=d.wait_estimates_within(part.entries, settings),
        summary_completion=d.summary_completion(part.handled),
    )


def build_report(data: KpiData, group_by: str, settings: KpiSettings, tz: ZoneInfo) -> Report:
    """The rows of `group_by` over the data's window, a total row, and the distribution of
    handle times."""
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    handled = d.handled_calls(data.entries, data.state_changes, data.summaries, data.now)
    repeats = d.CallsByNumber(data.repeat_calls)
    worked_until = min(data.end, data.now)
    everything = _Slice(data.entries, handled, data.calls, data.surveys, data.tickets,
                        d.occupancy(data.state_changes, data.start, worked_until))
    total = row_of("total", ("合计", "Total"), everything, repeats, settings, data.now)
    if group_by in ("hour", "day"):
        parts = _by_period(data, handled, group_by, tz)
    else:
        parts = {"agent": _by_agent, "skill": _by_skill, "ticket_type": _by_ticket_type}[
            group_by](data, handled)
    rows = [row_of(key, label, part, repeats, settings, data.now)
            for key, label, part in parts]
    return Report(group_by, data.start, data.end, rows, total, handle_time_histogram(handled))


def handle_time_histogram(handled: Iterable[HandledCall], bin_s: int = HISTOGRAM_BIN_S,
                          bins: int = HISTOGRAM_BINS) -> list[HistogramBin]:
    """How many conversations took 0–1 min, 1–2 min, … (talk + wrap-up), the last bin open."""
    counts = [0] * (bins + 1)
    for h in handled:
        counts[min(int(h.handle_s // bin_s), bins)] += 1
    return [HistogramBin(i * bin_s, (i + 1) * bin_s if i < bins else None, n)
            for i, n in enumerate(counts)]


# --- groupings --------------------------------------------------------------------------

Part = tuple[str, tuple[str, str], _Slice]


def period_edges(start: datetime, end: datetime, unit: str, tz: ZoneInfo) -> list[datetime]:
    """Local hour or day boundaries from `start` to `end` (both included), as UTC instants;
    the first and last periods may be partial."""
    local = start.astimezone(tz)
    first_day = local.date()
    first_hour = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
    edges = [start.astimezone(UTC)]
    n = 1
    while True:
        # days step in local wall time (a day stays a day across a change of UTC offset)
        edge = (datetime.combine(first_day + timedelta(days=n), time(0), tzinfo=tz)
                .astimezone(UTC) if unit == "day" else first_hour + timedelta(hours=n))
        if edge >= end:
            edges.append(end.astimezone(UTC))
            return edges
        edges.append(edge)
        n += 1


def _period_label(edge: datetime, unit: str, tz: ZoneInfo) -> str:
    local = edge.astimezone(tz)
    return local.strftime("%Y-%m-%d") if unit == "day" else local.strftime("%Y-%m-%d %H:00")


def _split(items: Iterable[T], when: Callable[[T], datetime], edges: Sequence[datetime],
           ) -> list[list[T]]:
    parts: list[list[T]] = [[] for _ in edges[:-1]]
    for item in items:
        i = bisect_right(edges, when(item)) - 1
        if 0 <= i < len(parts):
            parts[i].append(item)
    return parts


def _by_period(data: KpiData, handled: list[HandledCall], unit: str, tz: ZoneInfo) -> list[Part]:
    edges = period_edges(data.start, data.end, unit, tz)
    worked = [min(e, max(data.now, data.start)) for e in edges]
    spent = d.time_in_states_per_period(data.state_changes, worked)
    entries = _split(data.entries, lambda e: e.enqueued_at, edges)
    conversations = _split(handled, lambda h: h.enqueued_at, edges)
    calls = _split(data.calls, lambda c: c.started_at, edges)
    surveys = _split(data.surveys, lambda s: s.at, edges)
    tickets = _split(data.tickets, lambda t: t.created_at, edges)
    parts = []
    for i, edge in enumerate(edges[:-1]):
        label = _period_label(edge, unit, tz)
        occupancy = d.occupancy_of(spent[i]) if i < len(spent) else None
        parts.append((label, (label, label), _Slice(entries[i], conversations[i], calls[i],
                                                    surveys[i], tickets[i], occupancy)))
    return parts


def _by_agent(data: KpiData, handled: list[HandledCall]) -> list[Part]:
    """Per agent: what the agent handled, the agent's occupancy and survey answers; queue
    indicators (service level, abandons) belong to no agent."""
    conversations: dict[int, list[HandledCall]] = defaultdict(list)
    for h in handled:
        conversations[h.agent_id].append(h)
    changes: dict[int, list[StateChange]] = defaultdict(list)
    for c in data.state_changes:
        changes[c.agent_id].append(c)
    surveys: dict[int, list[SurveyRecord]] = defaultdict(list)
    for s in data.surveys:
        if s.agent_id is not None:
            surveys[s.agent_id].append(s)
    worked_until = min(data.end, data.now)
    parts = []
    for agent_id in sorted(set(conversations) | set(changes) | set(surveys),
                           key=lambda a: data.agent_names.get(a, ("", str(a)))[1]):
        occupancy = d.occupancy(changes[agent_id], data.start, worked_until)
        if agent_id not in conversations and occupancy is None and agent_id not in surveys:
            continue  # on break or logged out all along
        name, username = data.agent_names.get(agent_id, (str(agent_id), str(agent_id)))
        label = f"{name} ({username})"
        parts.append((username, (label, label), _Slice(
            handled=conversations[agent_id], surveys=surveys[agent_id], occupancy=occupancy)))
    return parts


def _by_skill(data: KpiData, handled: list[HandledCall]) -> list[Part]:
    entries: dict[str, list[QueueRecord]] = defaultdict(list)
    for e in data.entries:
        entries[e.skill].append(e)
    conversations: dict[str, list[HandledCall]] = defaultdict(list)
    for h in handled:
        conversations[h.skill].append(h)
    surveys: dict[str, list[SurveyRecord]] = defaultdict(list)
    for s in data.surveys:
        if s.skill is not None:
            surveys[s.skill].append(s)
    codes = [*data.skill_names, *sorted(set(entries) - set(data.skill_names))]
    return [(code, data.skill_names.get(code, (code, code)),
             _Slice(entries=entries[code], handled=conversations[code], surveys=surveys[code]))
            for code in codes]


def _by_ticket_type(data: KpiData, handled: list[HandledCall]) -> list[Part]:
    tickets: dict[str, list[TicketRecord]] = defaultdict(list)
    for t in data.tickets:
        tickets[t.type].append(t)
    types = [*TICKET_TYPE_NAMES, *sorted(set(tickets) - set(TICKET_TYPE_NAMES))]
    return [(kind, TICKET_TYPE_NAMES.get(kind, (kind, kind)), _Slice(tickets=tickets[kind]))
            for kind in types]
