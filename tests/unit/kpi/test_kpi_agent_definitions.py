"""Handle time, occupancy and call summaries from agent state changes, worked by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice.kpi import definitions as d
from backoffice.kpi.model import QueueRecord, StateChange, SummaryRecord


def hm(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 11, 20, hour, minute, second, tzinfo=UTC)


# Agent 7: available 09:00, rung 09:01, answers 09:01:05, call ends 09:03:05, wrap-up
# until 09:03:35, available until 09:10, then a break.
AGENT_7 = [StateChange(7, "available", hm(9, 0)), StateChange(7, "offered", hm(9, 1)),
           StateChange(7, "on_call", hm(9, 1, 5)), StateChange(7, "wrap_up", hm(9, 3, 5)),
           StateChange(7, "available", hm(9, 3, 35)), StateChange(7, "break", hm(9, 10))]
# Agent 8: on a call 10:00-10:05, still in wrap-up at 10:06 (now).
AGENT_8 = [StateChange(8, "on_call", hm(10, 0)), StateChange(8, "wrap_up", hm(10, 5))]
NOW = hm(10, 6)


def conversation(id_: int, agent: int, answered: datetime, ended: datetime | None,
                 status: str = "completed", transferred: bool = False) -> QueueRecord:
    return QueueRecord(id=id_, call_uuid=f"c{id_}", caller_number="13900000001", skill="billing",
                       status=status, enqueued_at=answered - timedelta(seconds=5),
                       answered_at=answered, ended_at=ended, agent_id=agent,
                       transferred=transferred)


ENTRIES = [conversation(1, 7, hm(9, 1, 5), hm(9, 3, 5)),
           conversation(2, 8, hm(10, 0), hm(10, 5), transferred=True),
           conversation(3, 7, hm(9, 20), None, status="answered")]  # still talking: left out
SUMMARIES = [SummaryRecord(1, 7, "resolved")]


def test_handled_calls_pair_each_finished_conversation_with_the_wrap_up_after_it() -> None:
    handled = d.handled_calls(ENTRIES, AGENT_7 + AGENT_8, SUMMARIES, NOW)
    assert [(h.entry_id, h.talk_s, h.wrap_s) for h in handled] == [
        (1, 120, 30),  # 09:01:05 → 09:03:05; wrap-up 09:03:05 → 09:03:35
        (2, 300, 60),  # 10:00 → 10:05; still in wrap-up at 10:06: 60 s so far
    ]
    assert [h.first_answer for h in handled] == [True, False]
    assert [h.disposition for h in handled] == ["resolved", None]


def test_average_handle_time_is_talk_plus_wrap_up() -> None:
    handled = d.handled_calls(ENTRIES, AGENT_7 + AGENT_8, SUMMARIES, NOW)
    assert d.average_handle_time(handled) == 255  # (150 + 360) / 2
    assert d.average_talk_time(handled) == 210  # (120 + 300) / 2
    assert d.average_wrap_up_time(handled) == 45  # (30 + 60) / 2
    assert d.summary_completion(handled) == 0.5  # one of two has a code


def test_given_no_wrap_up_recorded_then_the_wrap_up_is_zero() -> None:
    handled = d.handled_calls(ENTRIES[:1], [], [], NOW)
    assert handled[0].handle_s == 120


def test_occupancy_is_talk_and_wrap_up_over_working_time() -> None:
    # 09:00-09:10: available 60 + 385, ringing 5, on call 120, wrap-up 30
    # busy 150 / (150 + 450) = 0.25
    assert d.time_in_states(AGENT_7, hm(9, 0), hm(9, 10)) == {
        "available": 445, "offered": 5, "on_call": 120, "wrap_up": 30}
    assert d.occupancy(AGENT_7, hm(9, 0), hm(9, 10)) == 0.25


def test_occupancy_clips_the_states_to_the_window() -> None:
    # 09:02:05-09:10: on call 60, wrap-up 30, available 385 → 90 / 475
    assert d.occupancy(AGENT_7, hm(9, 2, 5), hm(9, 10)) == pytest.approx(90 / 475)


def test_the_state_before_the_window_fills_the_window_until_the_next_change() -> None:
    # available since 08:00 with no change in 09:00-09:30 → all idle: occupancy 0
    assert d.occupancy([StateChange(3, "available", hm(8, 0))], hm(9, 0), hm(9, 30)) == 0.0


def test_given_only_breaks_or_no_agents_then_occupancy_is_none() -> None:
    assert d.occupancy([StateChange(3, "break", hm(8, 0))], hm(9, 0), hm(9, 30)) is None
    assert d.occupancy([], hm(9, 0), hm(9, 30)) is None
    assert d.average_handle_time([]) is None and d.summary_completion([]) is None


def test_time_in_states_per_period_splits_each_state_at_the_period_edges() -> None:
    # 09:00-09:02: available 60, ringing 5, on call 55; 09:02-09:10: on call 65,
    # wrap-up 30, available 385
    first, second = d.time_in_states_per_period(AGENT_7, [hm(9, 0), hm(9, 2), hm(9, 10)])
    assert first == {"available": 60, "offered": 5, "on_call": 55}
    assert second == {"on_call": 65, "wrap_up": 30, "available": 385}
    assert d.occupancy_of(first) == pytest.approx(55 / 120)
