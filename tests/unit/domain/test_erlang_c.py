"""Erlang C staffing: published examples, an exact rational oracle, and properties."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain.erlang_c import (
    MAX_TRAFFIC_ERLANGS,
    ServiceTarget,
    StaffingInputError,
    Workload,
    agents_required,
    erlang_b,
    erlang_c,
    staffing_table,
    staffing_with,
)

HALF_HOUR = 1800.0
HOUR = 3600.0


def exact_erlang_c(agents: int, traffic: Fraction) -> Fraction:
    """The textbook sum, in exact rationals (no recursion, no rounding): an independent oracle.

    C = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)); both sides times N!·(N−A).
    """
    fall = [Fraction(1)]  # N!/k! for k = N, N-1, ..., 0
    for k in range(agents, 0, -1):
        fall.append(fall[-1] * k)
    head = sum((traffic ** k * fall[agents - k] for k in range(agents)), Fraction(0))
    top = traffic ** agents * agents
    return top / (head * (agents - traffic) + top)


# --- the example: 600 calls/h, AHT 180 s, 80% in 20 s ---------------------------

def test_given_600_calls_an_hour_at_180_s_when_staffing_for_80_in_20_then_35_agents() -> None:
    result = agents_required(Workload(calls=300, interval_s=HALF_HOUR, aht_s=180),
                             ServiceTarget(answer_within_s=20, service_level=0.80))
    assert result.agents == 35
    assert result.traffic_erlangs == pytest.approx(30.0)
    assert result.probability_of_waiting == pytest.approx(0.2846, abs=0.0005)
    assert result.service_level == pytest.approx(0.837, abs=0.0005)  # the 83.7% is the SL
    assert result.average_speed_of_answer_s == pytest.approx(10.2, abs=0.05)
    assert result.occupancy == pytest.approx(30 / 35)
    assert result.stable and result.meets_target


def test_given_the_same_example_with_one_agent_less_then_the_target_is_missed() -> None:
    short = staffing_with(Workload(300, HALF_HOUR, 180), 34, ServiceTarget(20, 0.80))
    assert short.service_level == pytest.approx(0.7587, abs=0.0005)
    assert short.average_speed_of_answer_s == pytest.approx(16.9, abs=0.05)
    assert not short.meets_target


def test_calls_per_hour_are_the_same_question_with_an_hour_long_interval() -> None:
    hourly = agents_required(Workload(600, HOUR, 180), ServiceTarget(20, 0.80))
    half_hourly = agents_required(Workload(300, HALF_HOUR, 180), ServiceTarget(20, 0.80))
    assert hourly == half_hourly


# --- other published examples ------------------------------------------------------------

def test_callcentrehelper_example_with_occupancy_cap_and_shrinkage() -> None:
    """callcentrehelper.com's worked example (also pyworkforce's reference test): 100 calls
    in 30 min, AHT 180 s, 80% in 20 s, max occupancy 85%, shrinkage 30% → 14 agents on the
    phones, 20 rostered, SL 88.8%, occupancy 71.4%, P(wait) 17.4%."""
    result = agents_required(Workload(100, HALF_HOUR, 180),
                             ServiceTarget(answer_within_s=20, service_level=0.80,
                                           max_occupancy=0.85, shrinkage=0.30))
    assert (result.agents, result.scheduled_agents) == (14, 20)  # 14 / 0.7 is 20, not 21
    assert round(result.service_level, 3) == 0.888
    assert round(result.occupancy, 3) == 0.714
    assert round(result.probability_of_waiting, 3) == 0.174


def test_westbay_example_360_calls_per_half_hour_4_minutes_55_agents() -> None:
    """The Erlang C walk-through of 360 calls per half hour of 4 minutes with 55 agents:
    48 Erlangs, occupancy 87.3%, P(wait) 23.9%, ASA 8.2 s, 84.6% answered within 15 s."""
    result = staffing_with(Workload(360, HALF_HOUR, 240), 55, ServiceTarget(answer_within_s=15))
    assert result.traffic_erlangs == pytest.approx(48.0)
    assert result.occupancy == pytest.approx(0.873, abs=0.0005)
    assert result.probability_of_waiting == pytest.approx(0.2387, abs=0.0005)
    assert result.average_speed_of_answer_s == pytest.approx(8.18, abs=0.01)
    assert result.service_level == pytest.approx(0.8459, abs=0.0005)


@pytest.mark.parametrize(("traffic", "trunks", "blocking"), [
    (2.0, 5, 0.0367), (10.0, 14, 0.0568), (5.0, 10, 0.0184), (1.0, 1, 0.5)])
def test_erlang_b_matches_the_published_loss_table(traffic: float, trunks: int,
                                                    blocking: float) -> None:
    assert erlang_b(trunks, traffic) == pytest.approx(blocking, abs=0.00005)


# --- exactness for large traffic ---------------------------------------------------------

@pytest.mark.parametrize(("traffic", "agents"), [
    (Fraction(30), 31), (Fraction(30), 35), (Fraction(48), 55), (Fraction(21, 2), 11),
    (Fraction(500), 501), (Fraction(500), 510), (Fraction(500), 560)])
def test_recursion_agrees_with_the_exact_rational_sum(traffic: Fraction, agents: int) -> None:
    assert erlang_c(agents, float(traffic)) == pytest.approx(
        float(exact_erlang_c(agents, traffic)), rel=1e-10)


def test_given_10000_calls_an_hour_then_the_smallest_staff_meeting_the_target_by_the_oracle() -> None:
    target = ServiceTarget(answer_within_s=20, service_level=0.80)
    result = agents_required(Workload(10_000, HOUR, 180), target)

    def exact_level(agents: int) -> float:
        waiting = float(exact_erlang_c(agents, Fraction(500)))
        return 1 - waiting * math.exp(-(agents - 500) * 20 / 180)

    assert result.traffic_erlangs == 500.0
    assert result.agents == 510
    assert exact_level(510) >= 0.80 > exact_level(509)
    assert result.service_level == pytest.approx(exact_level(510), rel=1e-9)


def test_given_an_occupancy_cap_when_it_binds_then_it_sets_the_staff() -> None:
    capped = agents_required(Workload(10_000, HOUR, 180), ServiceTarget(20, 0.80, max_occupancy=0.85))
    assert capped.agents == math.ceil(500 / 0.85) == 589
    assert capped.occupancy <= 0.85


# --- edges and refusals ------------------------------------------------------------------

def test_given_no_calls_then_no_agents_and_everyone_is_answered_at_once() -> None:
    result = agents_required(Workload(0, HALF_HOUR, 180), ServiceTarget(shrinkage=0.3))
    assert (result.agents, result.scheduled_agents, result.traffic_erlangs) == (0, 0, 0.0)
    assert (result.service_level, result.probability_of_waiting,
            result.average_speed_of_answer_s) == (1.0, 0.0, 0.0)


@pytest.mark.parametrize("agents", [0, 29, 30])
def test_given_agents_not_above_the_traffic_then_flagged_unstable_not_a_number(agents: int) -> None:
    result = staffing_with(Workload(300, HALF_HOUR, 180), agents)
    assert not result.stable and not result.meets_target
    assert result.probability_of_waiting == 1.0 and result.service_level == 0.0
    assert math.isinf(result.average_speed_of_answer_s)
    assert erlang_c(agents, 30.0) == 1.0


@pytest.mark.parametrize(("build", "field"), [
    (lambda: Workload(-1), "calls"),
    (lambda: Workload(math.nan), "calls"),
    (lambda: Workload(math.inf), "calls"),
    (lambda: Workload(10**400), "calls"),
    (lambda: Workload(True), "calls"),
    (lambda: Workload(10, interval_s=0), "interval_s"),
    (lambda: Workload(10, aht_s=0), "aht_s"),
    (lambda: Workload(10, aht_s=-5), "aht_s"),
    (lambda: Workload(MAX_TRAFFIC_ERLANGS * 2, interval_s=1, aht_s=1), "traffic"),
    (lambda: ServiceTarget(answer_within_s=-1), "answer_within_s"),
    (lambda: ServiceTarget(service_level=1.0), "service_level"),
    (lambda: ServiceTarget(service_level=0.0), "service_level"),
    (lambda: ServiceTarget(max_occupancy=0.0), "max_occupancy"),
    (lambda: ServiceTarget(max_occupancy=1.2), "max_occupancy"),
    (lambda: ServiceTarget(shrinkage=1.0), "shrinkage"),
    (lambda: agents_required(Workload(10_000, HOUR, 180), ServiceTarget(max_occupancy=0.001)),
     "max_occupancy"),
    (lambda: staffing_with(Workload(10), -1), "agents"),
    (lambda: erlang_b(2.5, 1.0), "agents"),  # type: ignore[arg-type]
    (lambda: erlang_b(3, -1.0), "traffic"),
])
def test_bad_input_is_refused_naming_the_field(build: object, field: str) -> None:
    with pytest.raises(StaffingInputError, match=field):
        build()  # type: ignore[operator]


def test_a_table_staffs_each_interval_on_its_own() -> None:
    day = [Workload(calls, HALF_HOUR, 180) for calls in (0, 40, 300, 120)]
    rows = staffing_table(day, ServiceTarget(20, 0.80))
    assert [r.agents for r in rows] == [0, *(agents_required(w, ServiceTarget(20, 0.8)).agents
                                             for w in day[1:])]
    assert rows[2].agents == 35 and max(r.agents for r in rows) == 35


# --- properties --------------------------------------------------------------------------

traffic_values = st.floats(min_value=0.05, max_value=400.0, allow_nan=False)
aht_values = st.floats(min_value=10.0, max_value=1200.0, allow_nan=False)
answer_values = st.floats(min_value=0.0, max_value=120.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(traffic=traffic_values, aht=aht_values, answer=answer_values,
       extra=st.integers(min_value=1, max_value=40))
def test_more_agents_never_hurt(traffic: float, aht: float, answer: float, extra: int) -> None:
    workload = Workload(traffic * HALF_HOUR / aht, HALF_HOUR, aht)
    target = ServiceTarget(answer_within_s=answer)
    fewer = staffing_with(workload, math.floor(workload.traffic_erlangs) + extra, target)
    more = staffing_with(workload, fewer.agents + 1, target)
    assert fewer.stable and more.stable
    assert more.service_level >= fewer.service_level
    assert more.average_speed_of_answer_s <= fewer.average_speed_of_answer_s
    assert more.probability_of_waiting <= fewer.probability_of_waiting
    assert more.occupancy < fewer.occupancy
    assert 0.0 <= more.probability_of_waiting <= 1.0 and 0.0 <= fewer.service_level <= 1.0


@settings(max_examples=150, deadline=None)
@given(traffic=traffic_values, aht=aht_values, answer=answer_values,
       level=st.floats(min_value=0.05, max_value=0.99),
       cap=st.floats(min_value=0.5, max_value=1.0))
def test_the_staff_required_is_the_smallest_that_meets_the_target(
        traffic: float, aht: float, answer: float, level: float, cap: float) -> None:
    workload = Workload(traffic * HALF_HOUR / aht, HALF_HOUR, aht)
    target = ServiceTarget(answer_within_s=answer, service_level=level, max_occupancy=cap)
    found = agents_required(workload, target)
    assert found.meets_target and found.service_level >= level
    assert found.agents > workload.traffic_erlangs
    assert not staffing_with(workload, found.agents - 1, target).meets_target


@settings(max_examples=100, deadline=None)
@given(traffic=st.floats(min_value=0.0, max_value=200.0), agents=st.integers(0, 260))
def test_waiting_is_at_least_as_likely_as_blocking(traffic: float, agents: int) -> None:
    blocking = erlang_b(agents, traffic)
    assert 0.0 <= blocking <= 1.0
    assert blocking <= erlang_c(agents, traffic) + 1e-12
