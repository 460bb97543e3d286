"""Queue indicators on a small hand-worked example: service level, ASA, abandonment,
callbacks, estimated-wait accuracy. Every expected number is worked out in the comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice.kpi import definitions as d
from backoffice.kpi.model import KpiSettings, QueueRecord

T0 = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
DEFAULTS = KpiSettings()  # 15 s threshold, abandons under 5 s not counted


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def entry(id_: int, status: str, *, answered: float | None = None, ended: float | None = None,
          callback: bool = False, transferred: bool = False, enqueued: float = 0,
          requested: float | None = None) -> QueueRecord:
    return QueueRecord(
        id=id_, call_uuid=f"call-{id_}", caller_number=f"1390000000{id_}", skill="billing",
        status=status, enqueued_at=at(enqueued),
        answered_at=at(answered) if answered is not None else None,
        ended_at=at(ended) if ended is not None else None,
        agent_id=5 if answered is not None else None,
        callback_number=f"1390000000{id_}" if callback else None,
        callback_requested_at=at(requested) if requested is not None else None,
        transferred=transferred)


# The worked example (seconds after joining the queue):
#   e1 answered after 10 s          → answered, within 15 s
#   e2 answered after 15 s          → answered, within (the threshold is inclusive)
#   e3 answered after 40 s          → answered, late
#   e4 hung up after 3 s            → a short abandon: not counted at all
#   e5 hung up after 30 s           → abandoned
#   e6 pressed 1 after 70 s         → callback booked (answered later, still a callback)
#   e7 a transfer, answered at 100 s → not an arrival: the call counted once already
#   e8 still waiting                → not decided yet
#   e9 a callback an agent booked   → outbound work, not an arrival
EXAMPLE = [
    entry(1, "completed", answered=10, ended=200),
    entry(2, "completed", answered=15, ended=100),
    entry(3, "answered", answered=40),
    entry(4, "abandoned", ended=3),
    entry(5, "abandoned", ended=30),
    entry(6, "completed", callback=True, requested=70, answered=900, ended=1000),
    entry(7, "completed", transferred=True, answered=100, ended=300),
    entry(8, "waiting"),
    entry(9, "scheduled", callback=True, enqueued=3600, requested=0),
]


def test_service_level_counts_answers_within_the_threshold_over_answered_and_abandoned() -> None:
    # within: e1, e2 = 2; denominator: answered e1 e2 e3 + abandoned e5 = 4 → 2/4
    assert d.service_level(EXAMPLE, DEFAULTS) == pytest.approx(0.5)


def test_given_a_longer_threshold_then_the_late_answer_counts_too() -> None:
    # threshold 45 s: e1, e2, e3 within → 3/4
    assert d.service_level(EXAMPLE, KpiSettings(service_level_threshold_s=45)) == 0.75


def test_given_short_abandons_up_to_35_s_then_the_30_s_abandon_leaves_the_denominator() -> None:
    # short_abandon_s 35: e5 (30 s) is short now → 2 within / 3 answered
    assert d.service_level(EXAMPLE, KpiSettings(short_abandon_s=35)) == pytest.approx(2 / 3)


def test_average_speed_of_answer_is_the_mean_wait_of_answered_arrivals() -> None:
    # (10 + 15 + 40) / 3 = 21.67 s; e6 (a callback) and e7 (a transfer) are not in it
    assert d.average_speed_of_answer(EXAMPLE) == pytest.approx(65 / 3)


def test_abandonment_rate_leaves_out_short_abandons_and_callbacks() -> None:
    # abandoned e5 = 1 / (answered 3 + abandoned 1) = 0.25
    assert d.abandonment_rate(EXAMPLE, DEFAULTS) == 0.25


def test_counts_of_the_example() -> None:
    assert d.offered(EXAMPLE) == 7  # e1-e6 and e8
    assert [e.id for e in d.answered(EXAMPLE)] == [1, 2, 3]
    assert [e.id for e in d.counted_abandons(EXAMPLE, DEFAULTS)] == [5]
    assert d.short_abandons(EXAMPLE, DEFAULTS) == 1
    assert d.callbacks_booked(EXAMPLE) == 1


def test_outcomes_and_waits_as_the_dispatcher_leaves_them() -> None:
    assert d.arrival_outcome(EXAMPLE[5]) == d.CALLBACK
    assert d.arrival_outcome(EXAMPLE[7]) == d.IN_QUEUE
    assert d.queue_wait_s(EXAMPLE[4]) == 30
    assert d.queue_wait_s(EXAMPLE[7]) is None
    assert not d.is_arrival(EXAMPLE[6]) and not d.is_arrival(EXAMPLE[8])
    assert d.is_arrival(EXAMPLE[5])


def test_given_no_calls_then_every_queue_indicator_is_none() -> None:
    for value in (d.service_level([], DEFAULTS), d.average_speed_of_answer([]),
                  d.abandonment_rate([], DEFAULTS), d.wait_estimate_mae_s([]),
                  d.wait_estimates_within([], DEFAULTS)):
        assert value is None
    assert d.offered([]) == d.callbacks_booked([]) == 0


def test_given_only_short_abandons_and_callbacks_then_service_level_is_none() -> None:
    only = [entry(4, "abandoned", ended=3), entry(6, "waiting", callback=True, requested=70)]
    assert d.service_level(only, DEFAULTS) is None
    assert d.abandonment_rate(only, DEFAULTS) is None


def announced(id_: int, said_s: float, said_at: float, answered: float | None,
              status: str = "completed") -> QueueRecord:
    return QueueRecord(id=id_, call_uuid=f"a{id_}", caller_number="", skill="billing",
                       status=status, enqueued_at=T0,
                       answered_at=at(answered) if answered is not None else None,
                       ended_at=at(500), announced_wait_s=said_s, last_announced_at=at(said_at))


def test_estimated_wait_accuracy_compares_the_last_announcement_with_the_actual_wait() -> None:
    # a: said 60 s at 30 s, answered at 100 s → actual 70 s, error 10 s
    # b: said 120 s at 0 s, answered at 60 s → actual 60 s, error 60 s
    # c: said 30 s but hung up → no actual wait to compare; d: never told → left out
    entries = [announced(1, 60, 30, 100), announced(2, 120, 0, 60),
               announced(3, 30, 0, None, status="abandoned"),
               entry(4, "completed", answered=20, ended=90)]
    assert d.wait_estimate_errors_s(entries) == [10, 60]
    assert d.wait_estimate_mae_s(entries) == 35  # (10 + 60) / 2
    assert d.wait_estimates_within(entries, DEFAULTS) == 0.5  # only a is within ±30 s
