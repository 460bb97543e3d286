"""Erlang C staffing (人员排班预测): how many agents an interval needs for a service level.

The model (M/M/N): calls arrive at random (Poisson) at a steady rate through the interval,
handle times (talk + wrap-up) are exponential, callers wait in one FIFO queue as long as it
takes (no abandons) and any agent takes any call. Then, with traffic A = calls × AHT /
interval in Erlangs and N agents (N > A):

    P(wait) = Erlang C = N·B / (N − A·(1 − B)),  B = Erlang B(N, A)
    service level (answered within t) = 1 − P(wait) · exp(−(N − A) · t / AHT)
    ASA = P(wait) · AHT / (N − A)
    occupancy = A / N

Erlang B comes from its recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), which stays
between 0 and 1 and is exact to rounding for thousands of agents, where A^N / N! overflows.
With N ≤ A the queue grows without bound: that staffing is reported as not stable (every
caller waits, no finite ASA), never as a number.

A planner's two optional knobs, neutral by default: a maximum occupancy (agents answering
back to back burn out; 0.85 is common), and shrinkage (the share of paid time not on the
phones — breaks, training, absence — so scheduled staff = agents / (1 − shrinkage)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MAX_TRAFFIC_ERLANGS = 10_000.0  # 200,000 calls an hour of 3 minutes: beyond any one centre
MAX_AGENTS = 100_000  # bounds the work of one answer (the recursion is one step per agent)
MAX_SECONDS = 86_400.0  # handle time, answer target and interval: at most a day
_ROUNDING = 1e-9  # 14 / 0.7 is 20.000000000000004 in floats; it means 20


class StaffingInputError(ValueError):
    """The question cannot be answered as asked; the message names the field and why."""


def _check(name: str, value: float, *, low: float, high: float, low_open: bool = False,
           high_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
        raise StaffingInputError(f"{name} must be a finite number")
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        raise StaffingInputError(
            f"{name} must be {'above' if low_open else 'at least'} {low:g} and "
            f"{'below' if high_open else 'at most'} {high:g} (got {value:g})")
    return float(value)


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _ceil(x: float) -> int:
    return math.ceil(x - _ROUNDING * max(1.0, abs(x)))


@dataclass(frozen=True)
class Workload:
    """One interval's forecast: calls offered in it, its length, their average handle time."""

    calls: float
    interval_s: float = 1800.0
    aht_s: float = 180.0

    def __post_init__(self) -> None:
        _check("calls", self.calls, low=0.0, high=math.inf, high_open=True)
        _check("interval_s", self.interval_s, low=0.0, high=MAX_SECONDS, low_open=True)
        _check("aht_s", self.aht_s, low=0.0, high=MAX_SECONDS, low_open=True)
        if self.traffic_erlangs > MAX_TRAFFIC_ERLANGS:
            raise StaffingInputError(
                f"the traffic (calls × aht_s / interval_s = {self.traffic_erlangs:g} Erlangs) "
                f"must be at most {MAX_TRAFFIC_ERLANGS:g} Erlangs")

    @property
    def traffic_erlangs(self) -> float:
        """Agents' worth of work arriving: 600 calls/h × 180 s = 30 Erlangs."""
        return self.calls * self.aht_s / self.interval_s


@dataclass(frozen=True)
class ServiceTarget:
    """`service_level` of calls answered within `answer_within_s` (80% in 15 s by default,
    REQUIREMENTS §8), optionally with a maximum occupancy and a shrinkage."""

    answer_within_s: float = 15.0
    service_level: float = 0.8
    max_occupancy: float = 1.0
    shrinkage: float = 0.0

    def __post_init__(self) -> None:
        _check("answer_within_s", self.answer_within_s, low=0.0, high=MAX_SECONDS)
        # 100% is out of reach for any finite staff: the search would never end
        _check("service_level", self.service_level, low=0.0, high=1.0, low_open=True,
               high_open=True)
        _check("max_occupancy", self.max_occupancy, low=0.0, high=1.0, low_open=True)
        _check("shrinkage", self.shrinkage, low=0.0, high=1.0, high_open=True)


@dataclass(frozen=True)
class Staffing:
    """How an interval performs with `agents` on the phones."""

    agents: int  # productive agents taking calls
    scheduled_agents: int  # agents to roster: agents / (1 − shrinkage), rounded up
    traffic_erlangs: float
    probability_of_waiting: float  # 1.0 when not stable
    service_level: float  # share answered within the target time; 0.0 when not stable
    average_speed_of_answer_s: float  # math.inf when not stable
    occupancy: float  # share of the agents' time on calls, at most 1.0
    stable: bool  # agents > traffic: the queue drains; otherwise it grows without bound
    meets_target: bool  # stable, service level and occupancy as the target asks


def erlang_b(agents: int, traffic: float) -> float:
    """Probability that a call finds all `agents` busy when blocked calls are lost."""
    _check_agents(agents)
    _check("traffic", traffic, low=0.0, high=MAX_TRAFFIC_ERLANGS)
    if traffic == 0.0:
        return 0.0  # no calls, none lost (even with nobody there)
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return b


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a call has to wait (Erlang C); 1.0 when agents ≤ traffic."""
    return _erlang_c(agents, traffic, erlang_b(agents, traffic))


def _erlang_c(agents: int, traffic: float, b: float) -> float:
    if traffic == 0.0:
        return 0.0
    if agents <= traffic:
        return 1.0
    return agents * b / (agents - traffic * (1.0 - b))


def _check_agents(agents: int) -> None:
    if isinstance(agents, bool) or not isinstance(agents, int) or not 0 <= agents <= MAX_AGENTS:
        raise StaffingInputError(f"agents must be a whole number from 0 to {MAX_AGENTS}")


def staffing_with(workload: Workload, agents: int, target: ServiceTarget = ServiceTarget()) -> Staffing:
    """What `agents` achieve for this workload (the "what if we have only 30?" question)."""
    return _staffing(workload, agents, erlang_b(agents, workload.traffic_erlangs), target)


def _staffing(workload: Workload, agents: int, b: float, target: ServiceTarget) -> Staffing:
    traffic = workload.traffic_erlangs
    scheduled = _ceil(agents / (1.0 - target.shrinkage))
    if traffic == 0.0:
        return Staffing(agents, scheduled, 0.0, 0.0, 1.0, 0.0, 0.0, True, True)
    if agents <= traffic:
        return Staffing(agents, scheduled, traffic, 1.0, 0.0, math.inf, 1.0, False, False)
    waiting = _erlang_c(agents, traffic, b)
    spare = agents - traffic
    level = 1.0 - waiting * math.exp(-spare * target.answer_within_s / workload.aht_s)
    occupancy = traffic / agents
    meets = (level >= target.service_level
             and occupancy <= target.max_occupancy * (1.0 + _ROUNDING))
    return Staffing(agents, scheduled, traffic, waiting, level, waiting * workload.aht_s / spare,
                    occupancy, True, meets)


def agents_required(workload: Workload, target: ServiceTarget = ServiceTarget()) -> Staffing:
    """The smallest staffing meeting the target (no agents at all when no calls come)."""
    traffic = workload.traffic_erlangs
    if traffic == 0.0:
        return _staffing(workload, 0, 1.0, target)
    agents = max(math.floor(traffic) + 1, _ceil(traffic / target.max_occupancy))
    if agents > MAX_AGENTS:
        raise StaffingInputError(
            f"max_occupancy {target.max_occupancy:g} would need more than {MAX_AGENTS} agents")
    b = erlang_b(agents, traffic)
    while True:
        staffing = _staffing(workload, agents, b, target)
        if staffing.meets_target:
            return staffing
        agents += 1
        if agents > MAX_AGENTS:
            raise StaffingInputError(f"the target needs more than {MAX_AGENTS} agents")
        b = traffic * b / (agents + traffic * b)


def staffing_table(workloads: Sequence[Workload],
                   target: ServiceTarget = ServiceTarget()) -> list[Staffing]:
    """Agents required interval by interval (a day's forecast in half-hours)."""
    return [agents_required(w, target) for w in workloads]
