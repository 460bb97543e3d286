"""Every service indicator (服务指标, REQUIREMENTS §8), defined once over plain records.

The live wallboard, the reports and the API all call these functions, so an indicator
means the same thing wherever it is shown. Each returns None when it has nothing to be
computed over (no calls: "n/a", never a division by zero). Rates are fractions 0..1,
durations seconds.

How the recorded events are read (see `backoffice.acd.dispatcher`):
- A queue entry's wait runs from `enqueued_at` to `answered_at` (answered) or `ended_at`
  (the caller hung up: status `abandoned`).
- An entry with a `callback_number` is a callback: the caller pressed 1 while waiting, was
  kept past the maximum wait, or called at night. It is neither answered nor abandoned.
- A transferred call joins the queue again as a new entry of the same call; only the
  caller's first place counts for the queue indicators (service level, ASA, abandons).
- A callback an agent booked for later (`callback_requested_at` before `enqueued_at`) is
  outbound work, not an arrival.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from statistics import fmean

from backoffice.kpi.model import (
    CallRecord,
    HandledCall,
    KpiSettings,
    QueueRecord,
    StateChange,
    SummaryRecord,
    SurveyRecord,
    TicketRecord,
)

ANSWERED, ABANDONED, CALLBACK, IN_QUEUE = "answered", "abandoned", "callback", "in_queue"
# Satisfaction (满意率) is the share of "satisfied" and "very satisfied" answers. The two
# scales run opposite ways: the IVR survey's keys are 1 very satisfied … 5 very dissatisfied
# (fs_scripts/flows/survey.py), a ticket's score 1 very dissatisfied … 5 very satisfied.
SURVEY_SATISFIED = frozenset({1, 2})
TICKET_SATISFIED = frozenset({4, 5})
BUSY_STATES = frozenset({"on_call", "wrap_up"})
IDLE_STATES = frozenset({"available", "offered"})
WRAP_UP_MATCH = timedelta(seconds=2)


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def mean(values: Iterable[float]) -> float | None:
    listed = list(values)
    return fmean(listed) if listed else None


def seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


# --- the queue ------------------------------------------------------------------------


def is_agent_booked_callback(entry: QueueRecord) -> bool:
    return (entry.callback_number is not None and entry.callback_requested_at is not None
            and entry.callback_requested_at < entry.enqueued_at)


def is_arrival(entry: QueueRecord) -> bool:
    """The caller's own arrival in the queue: not a transfer, not an agent's booked callback."""
    return not entry.transferred and not is_agent_booked_callback(entry)


def arrival_outcome(entry: QueueRecord) -> str:
    """How a place in the queue ended: callback, answered, abandoned, or still in the queue."""
    if entry.callback_number is not None:
        return CALLBACK
    if entry.answered_at is not None:
        return ANSWERED
    if entry.status == ABANDONED:
        return ABANDONED
    return IN_QUEUE


def queue_wait_s(entry: QueueRecord) -> float | None:
    """Seconds in the queue until answered or abandoned; None while still waiting."""
    if entry.answered_at is not None:
        return seconds(entry.enqueued_at, entry.answered_at)
    if entry.status == ABANDONED:
        return seconds(entry.enqueued_at, entry.ended_at or entry.enqueued_at)
    return None


def _arrivals(entries: Iterable[QueueRecord], outcome: str) -> list[QueueRecord]:
    return [e for e in entries if is_arrival(e) and arrival_outcome(e) == outcome]


def answered(entries: Iterable[QueueRecord]) -> list[QueueRecord]:
    """Arrivals answered by an agent."""
    return _arrivals(entries, ANSWERED)


def counted_abandons(entries: Iterable[QueueRecord], settings: KpiSettings) -> list[QueueRecord]:
    """Arrivals whose caller hung up after waiting at least `short_abandon_s` (a shorter
    abandon is a misdial or a caller who changed their mind: not counted at all)."""
    return [e for e in _arrivals(entries, ABANDONED)
            if (queue_wait_s(e) or 0.0) >= settings.short_abandon_s]


def short_abandons(entries: Iterable[QueueRecord], settings: KpiSettings) -> int:
    return sum(1 for e in _arrivals(entries, ABANDONED)
               if (queue_wait_s(e) or 0.0) < settings.short_abandon_s)


def callbacks_booked(entries: Iterable[QueueRecord]) -> int:
    """Arrivals that ended as a booked callback (pressed 1, maximum wait, night service):
    counted apart, neither answered nor abandoned."""
    return len(_arrivals(entries, CALLBACK))


def offered(entries: Iterable[QueueRecord]) -> int:
    """Callers who arrived in the queue (each call once, transfers not again)."""
    return sum(1 for e in entries if is_arrival(e))


def service_level(entries: Iterable[QueueRecord], settings: KpiSettings) -> float | None:
    """Service level (服务水平): answered within `service_level_threshold_s` (15 s; at most,
    inclusive) / (answered + abandoned after at least `short_abandon_s` (5 s)).

    Callbacks and callers still waiting are not in the denominator; transfers count once,
    as the caller's first place in the queue.
    """
    listed = list(entries)
    answered_ = answered(listed)
    within = sum(1 for e in answered_
                 if (queue_wait_s(e) or 0.0) <= settings.service_level_threshold_s)
    return ratio(within, len(answered_) + len(counted_abandons(listed, settings)))


def average_speed_of_answer(entries: Iterable[QueueRecord]) -> float | None:
    """Average speed of answer (ASA, 平均应答时长): mean seconds from joining the queue to
    an agent answering, over answered arrivals."""
    return mean(queue_wait_s(e) or 0.0 for e in answered(entries))


def abandonment_rate(entries: Iterable[QueueRecord], settings: KpiSettings) -> float | None:
    """Abandonment rate (放弃率): abandoned (after at least `short_abandon_s`) / (answered +
    those abandoned). Booked callbacks and IVR exits are counted apart, never as abandons."""
    listed = list(entries)
    abandoned = len(counted_abandons(listed, settings))
    return ratio(abandoned, len(answered(listed)) + abandoned)


def wait_estimate_errors_s(entries: Iterable[QueueRecord]) -> list[float]:
    """For every answered caller who heard an estimated wait: |announced − actual|, where
    actual is the time from that (last) announcement to the answer."""
    return [abs(e.announced_wait_s - seconds(e.last_announced_at, e.answered_at))
            for e in entries
            if e.answered_at is not None and e.announced_wait_s is not None
            and e.last_announced_at is not None]


def wait_estimate_mae_s(entries: Iterable[QueueRecord]) -> float | None:
    """Estimated-wait accuracy: mean absolute error of the announced wait, in seconds."""
    return mean(wait_estimate_errors_s(entries))


def wait_estimates_within(entries: Iterable[QueueRecord], settings: KpiSettings) -> float | None:
    """Estimated-wait accuracy: share of announced waits within ±`wait_estimate_tolerance_s`
    (30 s) of the actual wait."""
    errors = wait_estimate_errors_s(entries)
    return ratio(sum(1 for e in errors if e <= settings.wait_estimate_tolerance_s), len(errors))


# --- the IVR --------------------------------------------------------------------------


def inbound(calls: Iterable[CallRecord]) -> list[CallRecord]:
    return [c for c in calls if c.direction == "inbound"]


def ivr_containment(calls: Iterable[CallRecord]) -> float | None:
    """IVR containment (自助完成率): inbound calls the menus finished alone (the caller was
    served by a self-service action and never sent to an agent) / inbound calls."""
    listed = inbound(calls)
    return ratio(sum(1 for c in listed if c.contained), len(listed))


def ivr_exits(calls: Iterable[CallRecord]) -> int:
    """Calls that left in the menus without being served and without reaching the queue
    (hung up, wrong PINs, refused): counted apart from queue abandons."""
    return sum(1 for c in inbound(calls) if not c.contained and not c.reached_queue)


# --- agents ---------------------------------------------------------------------------


def _by_agent(changes: Iterable[StateChange]) -> dict[int, list[StateChange]]:
    grouped: dict[int, list[StateChange]] = defaultdict(list)
    for change in changes:
        grouped[change.agent_id].append(change)
    for listed in grouped.values():
        listed.sort(key=lambda c: c.at)
    return grouped


def _wrap_up_after(changes: Sequence[StateChange], times: Sequence[datetime], ended_at: datetime,
                   now: datetime) -> float:
    """The wrap-up the agent entered when the call ended, until the agent's next state
    (or `now`, still in wrap-up); 0 when the agent went straight on."""
    i = bisect_left(times, ended_at - WRAP_UP_MATCH)
    for j in range(i, len(changes)):
        change = changes[j]
        if change.at > ended_at + WRAP_UP_MATCH:
            break
        if change.state == "wrap_up":
            until = changes[j + 1].at if j + 1 < len(changes) else max(now, change.at)
            return seconds(change.at, until)
    return 0.0


def handled_calls(entries: Iterable[QueueRecord], changes: Iterable[StateChange],
                  summaries: Iterable[SummaryRecord], now: datetime) -> list[HandledCall]:
    """Every conversation an agent finished (completed entries: arrivals, transfers and
    callbacks alike), with its talk time, the wrap-up after it and its summary's code."""
    by_agent = _by_agent(changes)
    times = {agent: [c.at for c in listed] for agent, listed in by_agent.items()}
    codes = {(s.queue_entry_id, s.agent_id): s.disposition for s in summaries}
    handled = []
    for e in entries:
        if e.status != "completed" or e.answered_at is None or e.ended_at is None \
                or e.agent_id is None:
            continue
        handled.append(HandledCall(
            entry_id=e.id, call_uuid=e.call_uuid, caller_number=e.caller_number,
            agent_id=e.agent_id, skill=e.skill, enqueued_at=e.enqueued_at,
            answered_at=e.answered_at, talk_s=seconds(e.answered_at, e.ended_at),
            wrap_s=_wrap_up_after(by_agent.get(e.agent_id, []), times.get(e.agent_id, []),
                                  e.ended_at, now),
            first_answer=is_arrival(e) and e.callback_number is None,
            disposition=codes.get((e.id, e.agent_id))))
    return handled


def average_handle_time(handled: Iterable[HandledCall]) -> float | None:
    """Average handle time (AHT, 平均处理时长): talk + wrap-up, seconds, per finished
    conversation."""
    return mean(h.handle_s for h in handled)


def average_talk_time(handled: Iterable[HandledCall]) -> float | None:
    return mean(h.talk_s for h in handled)


def average_wrap_up_time(handled: Iterable[HandledCall]) -> float | None:
    return mean(h.wrap_s for h in handled)


def summary_completion(handled: Iterable[HandledCall]) -> float | None:
    """Share of finished conversations with a call summary code (电话小结)."""
    listed = list(handled)
    return ratio(sum(1 for h in listed if h.disposition), len(listed))


def _intervals(changes: Iterable[StateChange]) -> Iterator[tuple[str, datetime, datetime | None]]:
    """(state, since, until) per agent: each change lasts until the agent's next change
    (the last one has no end yet: None)."""
    for listed in _by_agent(changes).values():
        for change, following in zip(listed, [*listed[1:], None], strict=True):
            yield change.state, change.at, following.at if following else None


def time_in_states(changes: Iterable[StateChange], start: datetime,
                   end: datetime) -> dict[str, float]:
    """Seconds all agents together spent in each state within [start, end)."""
    totals: dict[str, float] = defaultdict(float)
    for state, since, until in _intervals(changes):
        since, until = max(since, start), min(until or end, end)
        if until > since:
            totals[state] += seconds(since, until)
    return dict(totals)


def time_in_states_per_period(changes: Iterable[StateChange],
                              edges: Sequence[datetime]) -> list[dict[str, float]]:
    """`time_in_states` for each period [edges[i], edges[i+1]) at once (one pass over the
    changes, however many periods: an hourly report over a month has 744)."""
    totals: list[dict[str, float]] = [defaultdict(float) for _ in edges[:-1]]
    if len(edges) < 2:
        return []
    for state, since, until in _intervals(changes):
        since, until = max(since, edges[0]), min(until or edges[-1], edges[-1])
        i = max(bisect_right(edges, since) - 1, 0)
        while i < len(totals) and since < until:
            part_end = min(until, edges[i + 1])
            if part_end > since:
                totals[i][state] += seconds(since, part_end)
            since = part_end
            i += 1
    return [dict(t) for t in totals]


def occupancy_of(spent: dict[str, float]) -> float | None:
    """Agent occupancy (占用率): (talk + wrap-up) / (talk + wrap-up + available) time.
    Ringing counts as available (nobody is served yet); breaks and logged-out time are not
    working time and are left out."""
    busy = sum(spent.get(s, 0.0) for s in BUSY_STATES)
    staffed = busy + sum(spent.get(s, 0.0) for s in IDLE_STATES)
    return busy / staffed if staffed > 0 else None


def occupancy(changes: Iterable[StateChange], start: datetime, end: datetime) -> float | None:
    """Agent occupancy over [start, end), from the agents' state changes (`occupancy_of`)."""
    return occupancy_of(time_in_states(changes, start, end))


class CallsByNumber:
    """Inbound calls by caller number, each list in time order: built once, asked by every
    group of a report."""

    def __init__(self, calls: Iterable[CallRecord]) -> None:
        grouped: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
        for call in inbound(calls):
            if call.caller_number:
                grouped[call.caller_number].append((call.started_at, call.call_uuid))
        for listed in grouped.values():
            listed.sort()
        self._calls = dict(grouped)

    def called_again(self, handled: HandledCall, window: timedelta) -> bool:
        """Another call from the caller's number in (answer, answer + window]?"""
        calls = self._calls.get(handled.caller_number, [])
        i = bisect_right(calls, (handled.answered_at, "\uffff"))
        for at, uuid in calls[i:]:
            if at > handled.answered_at + window:
                return False
            if uuid != handled.call_uuid:
                return True
        return False


def first_contact_resolution(handled: Iterable[HandledCall],
                             calls: Iterable[CallRecord] | CallsByNumber, window: timedelta,
                             now: datetime) -> float | None:
    """First-contact resolution (一次解决率): of the callers an agent answered (their first
    place in the queue, with a known number), the share who did not call again (any inbound
    call from the same number) within `window` after the answer. A call whose window has
    not yet passed by `now` is not counted: its outcome is not known yet."""
    index = calls if isinstance(calls, CallsByNumber) else CallsByNumber(calls)
    decided = resolved = 0
    seen: set[str] = set()
    for h in handled:
        if not h.first_answer or not h.caller_number or h.call_uuid in seen \
                or h.answered_at + window > now:
            continue
        seen.add(h.call_uuid)
        decided += 1
        resolved += not index.called_again(h, window)
    return ratio(resolved, decided)


# --- tickets and surveys ----------------------------------------------------------------


def complaint_closure_time_s(tickets: Iterable[TicketRecord]) -> float | None:
    """Complaint closure time (投诉处理时长): mean seconds from opening to closing, over
    closed complaints (cancelled ones are not closures)."""
    return mean(seconds(t.created_at, t.closed_at) for t in tickets
                if t.type == "complaint" and t.status == "closed" and t.closed_at is not None)


def ticket_sla_hit_rate(tickets: Iterable[TicketRecord], now: datetime) -> float | None:
    """Ticket SLA hit rate (工单及时率): of the tickets with a resolution deadline whose
    outcome is known — the work was done, or the deadline has passed by `now` — the share
    whose work was done (`resolved_at`) by the deadline."""
    decided = [t for t in tickets if t.sla_deadline is not None
               and (t.resolved_at is not None or t.sla_deadline <= now)]
    hits = sum(1 for t in decided
               if t.resolved_at is not None and t.sla_deadline is not None
               and t.resolved_at <= t.sla_deadline)
    return ratio(hits, len(decided))


def survey_satisfaction(surveys: Iterable[SurveyRecord]) -> float | None:
    """Satisfaction (满意率): share of survey answers 1 (very satisfied) or 2 (satisfied)."""
    scores = [s.score for s in surveys]
    return ratio(sum(1 for s in scores if s in SURVEY_SATISFIED), len(scores))


def ticket_satisfaction(tickets: Iterable[TicketRecord]) -> float | None:
    """Ticket satisfaction: of the tickets with the customer's score, the share scored 4
    (satisfied) or 5 (very satisfied)."""
    scores = [t.satisfaction for t in tickets if t.satisfaction is not None]
    return ratio(sum(1 for s in scores if s in TICKET_SATISFIED), len(scores))
