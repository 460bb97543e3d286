"""Routing rules, one table per rule (REQUIREMENTS §3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backoffice.acd.policy import (
    FreeAgent,
    RoutingConfig,
    WaitingCall,
    choose_agent,
    estimated_wait_s,
    match,
    queue_order,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def call(entry_id: int, skill: str = "billing", *, priority: int = 0, vip: int = 0,
         waited_s: float = 10, transferred: bool = False) -> WaitingCall:
    return WaitingCall(entry_id, skill, priority, vip, NOW - timedelta(seconds=waited_s),
                       transferred)


def agent(agent_id: int, level: int = 2, *, general: bool = False, idle_s: float = 60,
          **skills: int) -> FreeAgent:
    return FreeAgent(agent_id, level, general, dict(skills), NOW - timedelta(seconds=idle_s))


SPECIALIST_LOW = agent(1, 2, billing=2)
SPECIALIST_HIGH = agent(2, 4, billing=5)
GENERAL_LOW = agent(3, 1, general=True)
GENERAL_HIGH = agent(4, 4, general=True)
FAULTS = agent(5, 3, faults=4)


@pytest.mark.parametrize(("free", "expected"), [
    ([SPECIALIST_LOW, GENERAL_HIGH], 1),  # a specialist of the skill first
    ([SPECIALIST_LOW, SPECIALIST_HIGH], 2),  # the best skill level among specialists
    ([GENERAL_LOW, GENERAL_HIGH], 4),  # none free: a general agent of a higher level
    ([GENERAL_LOW], None),  # ... but not a junior general agent
    ([FAULTS], None),  # another skill's specialist never
])
def test_rule_1_known_need_goes_to_specialist_then_senior_general(free, expected) -> None:
    chosen = choose_agent(call(1, "billing"), free, NOW)
    assert (chosen.agent_id if chosen else None) == expected


def test_rule_1_overflow_waits_when_configured() -> None:
    config = RoutingConfig(overflow_after_s=30)
    assert choose_agent(call(1, waited_s=10), [GENERAL_HIGH], NOW, config) is None
    assert choose_agent(call(1, waited_s=31), [GENERAL_HIGH], NOW, config) == GENERAL_HIGH


@pytest.mark.parametrize(("free", "expected"), [
    ([SPECIALIST_HIGH, GENERAL_LOW], 3),  # unknown need: any general agent
    ([SPECIALIST_HIGH, FAULTS], None),  # never a specialist
    ([GENERAL_LOW, GENERAL_HIGH], 4),  # the higher level first
])
def test_rule_2_unknown_need_goes_to_any_general_agent(free, expected) -> None:
    chosen = choose_agent(call(1, "general"), free, NOW)
    assert (chosen.agent_id if chosen else None) == expected


def test_rule_3_transferred_call_goes_first() -> None:
    ordered = queue_order([call(1, waited_s=300, priority=5, vip=3),
                           call(2, waited_s=1, transferred=True)])
    assert [c.entry_id for c in ordered] == [2, 1]


def test_rule_4_vip_goes_ahead_and_to_the_most_senior_agent() -> None:
    ordered = queue_order([call(1, waited_s=300), call(2, waited_s=5, vip=1)])
    assert [c.entry_id for c in ordered] == [2, 1]
    junior_expert = agent(6, 2, billing=5)
    senior = agent(7, 5, billing=3)
    assert choose_agent(call(1, vip=2), [junior_expert, senior], NOW) == senior
    assert choose_agent(call(1, vip=0), [junior_expert, senior], NOW) == junior_expert


@pytest.mark.parametrize(("calls", "order"), [
    ([call(1, waited_s=10), call(2, waited_s=20)], [2, 1]),  # FIFO
    ([call(1, waited_s=10, priority=1), call(2, waited_s=20)], [1, 2]),  # priority first
    ([call(2, waited_s=10), call(1, waited_s=10)], [1, 2]),  # exact tie: entry id
])
def test_ties_priority_then_time_waiting(calls, order) -> None:
    assert [c.entry_id for c in queue_order(calls)] == order


def test_ties_among_agents_best_level_then_longest_idle() -> None:
    long_idle = agent(8, 2, billing=3, idle_s=600)
    short_idle = agent(9, 2, billing=3, idle_s=5)
    assert choose_agent(call(1), [short_idle, long_idle], NOW) == long_idle


def test_an_agent_that_just_missed_the_call_is_not_offered_it_again() -> None:
    missed = WaitingCall(1, "billing", 0, 0, NOW, excluded_agents=frozenset({2}))
    assert choose_agent(missed, [SPECIALIST_HIGH, SPECIALIST_LOW], NOW) == SPECIALIST_LOW


def test_match_uses_each_agent_once_in_queue_order() -> None:
    pairs = match([call(1, waited_s=5), call(2, waited_s=50), call(3, "faults")],
                  [SPECIALIST_HIGH, FAULTS], NOW)
    assert [(c.entry_id, a.agent_id) for c, a in pairs] == [(2, 2), (3, 5)]


@pytest.mark.parametrize(("ahead", "staffed", "aht", "expected"), [
    (0, 1, 180, 180), (0, 4, 180, 45), (3, 2, 120, 240), (9, 5, 200, 400), (5, 0, 180, None),
])
def test_estimated_wait_counts_calls_ahead_agents_and_handle_time(ahead, staffed, aht,
                                                                  expected) -> None:
    assert estimated_wait_s(ahead, staffed, aht) == expected
