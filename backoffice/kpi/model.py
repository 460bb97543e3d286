"""The plain records the indicators are computed from, and the settings they depend on.

No database here: `records` fills these from the tables, tests build them by hand, and
`definitions` only ever sees these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backoffice.config import Settings

FCR_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}


@dataclass(frozen=True)
class KpiSettings:
    """The knobs of the definitions (`backoffice.config.Settings` holds the defaults)."""

    service_level_threshold_s: float = 15.0
    short_abandon_s: float = 5.0
    wait_estimate_tolerance_s: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> KpiSettings:
        return cls(service_level_threshold_s=float(settings.service_level_threshold_s),
                   short_abandon_s=float(settings.short_abandon_s))

    @property
    def longest_fcr_window(self) -> timedelta:
        return max(FCR_WINDOWS.values())


@dataclass(frozen=True)
class QueueRecord:
    """One place in the agent queue (a `queue_entries` row), as the dispatcher left it.

    `transferred`: an agent passed the call on (the second and later places of one call).
    Callbacks carry `callback_number`; one booked by an agent for later has a
    `callback_requested_at` before its `enqueued_at` (the due time).
    """

    id: int
    call_uuid: str
    caller_number: str
    skill: str
    status: str
    enqueued_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    agent_id: int | None = None
    callback_number: str | None = None
    callback_requested_at: datetime | None = None
    transferred: bool = False
    announced_wait_s: float | None = None
    last_announced_at: datetime | None = None


@dataclass(frozen=True)
class CallRecord:
    """One call as the IVR saw it (a `calls` row). `reached_queue`: some queue entry has
    this call's uuid (the caller asked for an agent or was sent to one)."""

    call_uuid: str
    caller_number: str
    started_at: datetime
    contained: bool = False
    outcome: str | None = None
    direction: str = "inbound"
    reached_queue: bool = False


@dataclass(frozen=True)
class StateChange:
    """An agent entered `state` at `at` (an `agent_state_changes` row)."""

    agent_id: int
    state: str
    at: datetime


@dataclass(frozen=True)
class SummaryRecord:
    """The agent's call summary (电话小结) of one queue entry."""

    queue_entry_id: int
    agent_id: int
    disposition: str | None


@dataclass(frozen=True)
class SurveyRecord:
    """A post-call survey answer: 1 very satisfied … 5 very dissatisfied (the IVR's keys).
    `agent_id`/`skill`: of the last agent conversation of that call, when there was one."""

    call_uuid: str
    score: int
    at: datetime
    agent_id: int | None = None
    skill: str | None = None


@dataclass(frozen=True)
class TicketRecord:
    """A ticket. `resolved_at`: when its resolution clock first stopped (the work was done:
    closed, completed, repaired, waiting only to inform the customer…), None while running."""

    id: int
    type: str
    status: str
    created_at: datetime
    closed_at: datetime | None = None
    sla_deadline: datetime | None = None
    resolved_at: datetime | None = None
    satisfaction: int | None = None


@dataclass(frozen=True)
class HandledCall:
    """One conversation an agent finished: talk from answer to end, then the agent's
    wrap-up (话后整理) that followed it. Derived by `definitions.handled_calls`."""

    entry_id: int
    call_uuid: str
    caller_number: str
    agent_id: int
    skill: str
    enqueued_at: datetime
    answered_at: datetime
    talk_s: float
    wrap_s: float
    first_answer: bool  # the caller's own place in the queue (not a transfer or callback)
    disposition: str | None = None

    @property
    def handle_s(self) -> float:
        return self.talk_s + self.wrap_s


@dataclass
class KpiData:
    """Everything recorded for one time window [start, end), as `records.load` reads it.

    `repeat_calls` reach beyond `end` by the longest FCR window (a repeat call after the
    window still counts against a call inside it); `state_changes` start with each agent's
    last change before `start` (the state the agent was in when the window opened).
    """

    start: datetime
    end: datetime
    now: datetime
    entries: list[QueueRecord] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    repeat_calls: list[CallRecord] = field(default_factory=list)
    state_changes: list[StateChange] = field(default_factory=list)
    summaries: list[SummaryRecord] = field(default_factory=list)
    surveys: list[SurveyRecord] = field(default_factory=list)
    tickets: list[TicketRecord] = field(default_factory=list)
    agent_names: dict[int, tuple[str, str]] = field(default_factory=dict)  # id: (name, username)
    skill_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code: (zh, en)
