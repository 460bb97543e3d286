"""Routing policy (智能排队): which waiting call goes to which free agent. Pure, no I/O.

The rules (REQUIREMENTS §3):
1. A known need goes to a free specialist of that skill; if none is free, to a free general
   agent of a higher level (immediately, or after `overflow_after_s` of waiting).
2. An unknown need (skill `general`) goes to any free general agent.
3. A call transferred by an agent has the highest priority.
4. VIP callers go ahead in the queue and to the highest-level agents.
Ties: priority, then time waiting (FIFO). Among eligible agents: best skill level (or agent
level, for general agents), then longest idle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

GENERAL = "general"
TRANSFER_BOOST = 1_000_000  # above anything else
VIP_BOOST_PER_LEVEL = 1_000


@dataclass(frozen=True)
class RoutingConfig:
    overflow_after_s: float = 0.0
    overflow_min_level: int = 3  # "a general agent of a higher level"
    vip_min_level: int = 3  # VIP callers only to agents at least this senior, when any is free


@dataclass(frozen=True)
class WaitingCall:
    entry_id: int
    skill: str
    priority: int
    vip_level: int
    enqueued_at: datetime
    transferred: bool = False
    excluded_agents: frozenset[int] = frozenset()  # e.g. the agent that just missed it

    @property
    def rank(self) -> int:
        return (self.priority + self.vip_level * VIP_BOOST_PER_LEVEL
                + (TRANSFER_BOOST if self.transferred else 0))


@dataclass(frozen=True)
class FreeAgent:
    agent_id: int
    level: int
    is_general: bool
    skills: dict[str, int] = field(default_factory=dict)  # skill code -> skill level
    idle_since: datetime | None = None


def queue_order(calls: Iterable[WaitingCall]) -> list[WaitingCall]:
    """Highest rank first; FIFO within a rank; entry id breaks exact ties."""
    return sorted(calls, key=lambda c: (-c.rank, c.enqueued_at, c.entry_id))


def _best(agents: Sequence[FreeAgent], level_of: dict[int, int]) -> FreeAgent | None:
    """Best level first, then longest idle (earliest idle_since), then lowest id."""
    if not agents:
        return None
    return min(agents, key=lambda a: (-level_of[a.agent_id],
                                      a.idle_since.timestamp() if a.idle_since else 0.0,
                                      a.agent_id))


def choose_agent(call: WaitingCall, free: Sequence[FreeAgent], now: datetime,
                 config: RoutingConfig = RoutingConfig()) -> FreeAgent | None:
    """The agent this call should be offered to now, or None to keep it waiting."""
    candidates = [a for a in free if a.agent_id not in call.excluded_agents]
    if call.skill == GENERAL:
        pool = [a for a in candidates if a.is_general]
        chosen = _prefer_senior_for_vip(call, pool, {a.agent_id: a.level for a in pool}, config)
        return chosen
    specialists = [a for a in candidates if call.skill in a.skills]
    if specialists:
        levels = {a.agent_id: a.skills[call.skill] for a in specialists}
        return _prefer_senior_for_vip(call, specialists, levels, config)
    waited = (now - call.enqueued_at).total_seconds()
    if waited < config.overflow_after_s:
        return None
    overflow = [a for a in candidates if a.is_general and a.level >= config.overflow_min_level]
    return _prefer_senior_for_vip(call, overflow, {a.agent_id: a.level for a in overflow}, config)


def _prefer_senior_for_vip(call: WaitingCall, pool: Sequence[FreeAgent], levels: dict[int, int],
                           config: RoutingConfig) -> FreeAgent | None:
    if call.vip_level > 0:
        senior = [a for a in pool if a.level >= config.vip_min_level]
        if senior:
            return min(senior, key=lambda a: (-a.level, -levels[a.agent_id],
                                              a.idle_since.timestamp() if a.idle_since else 0.0,
                                              a.agent_id))
    return _best(pool, levels)


def match(calls: Iterable[WaitingCall], free: Iterable[FreeAgent], now: datetime,
          config: RoutingConfig = RoutingConfig()) -> list[tuple[WaitingCall, FreeAgent]]:
    """Pair waiting calls with free agents in queue order; each agent at most once."""
    available = list(free)
    pairs: list[tuple[WaitingCall, FreeAgent]] = []
    for call in queue_order(calls):
        if not available:
            break
        agent = choose_agent(call, available, now, config)
        if agent is not None:
            pairs.append((call, agent))
            available.remove(agent)
    return pairs


def estimated_wait_s(ahead: int, agents_staffed: int, average_handle_s: float) -> int | None:
    """Expected wait of a caller with `ahead` calls of equal or higher rank before them.

    The staffed agents of the skill serve the queue in parallel, so it drains at
    `agents_staffed / average_handle_s` calls a second, and this caller is the
    (ahead + 1)-th to be served. `average_handle_s` comes from recent calls (talk + wrap-up),
    not a fixed number. None when nobody is staffed: the caller hears no estimate.
    """
    if ahead < 0:
        raise ValueError("calls ahead cannot be negative")
    if agents_staffed <= 0:
        return None
    return math.ceil((ahead + 1) * average_handle_s / agents_staffed)
