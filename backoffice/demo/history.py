"""Demo history for the reports: the last couple of weeks of calls, as the IVR, the queue and
the agents would have recorded them.

Each day is simulated on its own seeded random stream: calls arrive with a morning and an
afternoon peak; most are served by the menus, some leave in them, the rest join a skill
queue. Agents work early or late shifts with a lunch break; a caller gets the agent of the
skill (or a general agent) who is free first, and hangs up if that takes longer than the
caller's patience, or asks for a callback. Agent state changes, call summaries, surveys and
announced waits follow from that, so every indicator has something true to say. The same
seed, day and customer base always give the same rows.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, insert, select, text

from backoffice.db.base import Base
from backoffice.db.models import (
    Account,
    Agent,
    AgentSkill,
    Line,
    Skill,
)

HISTORY_DAYS = 14
OPERATOR_ZONE = ZoneInfo("Asia/Shanghai")  # the demo's business hours are Shanghai's
CALLS_PER_LINE_DAY = 0.8
MIN_CALLS_PER_DAY, MAX_CALLS_PER_DAY = 150, 900
# Share of calls per local hour, 08:00 to 20:00: a morning and an afternoon peak.
HOURLY_PROFILE = [4, 9, 12, 10, 7, 6, 8, 10, 9, 7, 6, 5, 4]
SKILL_MIX = {"billing": 28, "general": 20, "faults": 16, "complaints": 10, "consultation": 9,
             "service_orders": 9, "directory": 5, "english": 3}
CONTAINED, IVR_EXIT = 0.52, 0.06  # served by the menus alone; left in the menus unserved
EARLY, LATE = (time(8), time(16, 30)), (time(12, 30), time(21))
LUNCH = timedelta(minutes=45)
OVERFLOW_AFTER = timedelta(seconds=60)
CALLS_PER_AGENT_DAY = 110  # calls a day (all of them, the IVR's too) per agent at work
ANNOUNCE_EVERY_S = 45
DISPOSITIONS = {"resolved": 40, "information_given": 25, "ticket_opened": 12,
                "payment_taken": 6, "complaint_recorded": 6, "transferred": 3,
                "callback_scheduled": 3, "other": 5}
SURVEY_SCORES = {1: 46, 2: 30, 3: 12, 4: 7, 5: 5}  # the IVR's keys: 1 very satisfied
TABLES = ("calls", "queue_entries", "agent_state_changes", "call_summaries", "survey_answers")
Row = dict[str, Any]


@dataclass
class _Shift:
    """One agent's working day, built up call by call."""

    agent_id: int
    skills: frozenset[str]
    general: bool
    start: datetime
    end: datetime
    lunch_at: datetime
    free_at: datetime
    lunch_done: bool = False
    changes: list[tuple[str, datetime, str | None]] = field(default_factory=list)

    def takes(self, skill: str) -> bool:
        return self.general or skill in self.skills

    def ready_at(self, arrival: datetime) -> datetime:
        """When the agent could ring for a call arriving at `arrival` (after lunch if due)."""
        free = max(self.free_at, arrival)
        if not self.lunch_done and free >= self.lunch_at:
            free = max(free, max(self.free_at, self.lunch_at) + LUNCH)
        return free

    def lunch_if_due(self, arrival: datetime) -> None:
        if not self.lunch_done and max(self.free_at, arrival) >= self.lunch_at:
            begins = max(self.free_at, self.lunch_at)
            self.changes += [("break", begins, "meal"), ("available", begins + LUNCH, "desk")]
            self.free_at, self.lunch_done = begins + LUNCH, True


@dataclass
class _Ids:
    next: dict[str, int]

    def take(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


@dataclass
class _Day:
    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})


def load_history(conn: Connection, seed: int, today: date, days: int = HISTORY_DAYS) -> None:
    """Write `days` days of history before `today` (not today: the wallboard starts clean)."""
    if days <= 0:
        return
    numbers = [n for (n,) in conn.execute(select(Line.number).order_by(Line.id))]
    if not numbers:
        return
    customer_of: dict[str, int] = {number: customer for number, customer in conn.execute(
        select(Line.number, Account.customer_id).join(Account, Account.id == Line.account_id))}
    line_of: dict[str, int] = {number: id_ for number, id_ in conn.execute(
        select(Line.number, Line.id))}
    agents = _agents(conn)
    ids = _Ids({t: conn.execute(select(func.coalesce(func.max(Base.metadata.tables[t].c.id), 0)))
                .scalar_one() for t in TABLES})
    per_day = min(max(round(len(numbers) * CALLS_PER_LINE_DAY), MIN_CALLS_PER_DAY),
                  MAX_CALLS_PER_DAY)
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        rng = random.Random(f"{seed}:history:{day.isoformat()}")
        built = _simulate_day(rng, day, per_day, numbers, agents, ids, seed)
        for row in built.rows["calls"]:
            row["customer_id"] = customer_of.get(row["caller_number"])
            row["line_id"] = line_of.get(row["caller_number"])
        for row in built.rows["queue_entries"]:
            row["customer_id"] = customer_of.get(row["caller_number"])
            row["line_id"] = line_of.get(row["caller_number"])
        for table in TABLES:
            if built.rows[table]:
                conn.execute(insert(Base.metadata.tables[table]), built.rows[table])
    if conn.dialect.name == "postgresql":
        for table in TABLES:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))


def _agents(conn: Connection) -> list[tuple[int, bool, frozenset[str]]]:
    skills: dict[int, set[str]] = {}
    for agent_id, code in conn.execute(select(AgentSkill.agent_id, Skill.code)
                                       .join(Skill, Skill.id == AgentSkill.skill_id)):
        skills.setdefault(agent_id, set()).add(code)
    return [(agent_id, general, frozenset(skills.get(agent_id, ())))
            for agent_id, general in conn.execute(
                select(Agent.id, Agent.is_general).where(Agent.role == "agent", Agent.active,
                                                         Agent.extension.is_not(None))
                .order_by(Agent.id))]


def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=OPERATOR_ZONE).astimezone(UTC)


def _shifts(rng: random.Random, day: date, agents: list[tuple[int, bool, frozenset[str]]],
            volume: int) -> list[_Shift]:
    """Two general agents (somebody takes every kind of call, early and late) and as many
    others as the day's calls keep about half busy."""
    generals = [a for a in agents if a[1]]
    others = [a for a in agents if a not in generals[:2]]
    wanted = max(round(volume / CALLS_PER_AGENT_DAY) - 2, 1)
    working = generals[:2] + rng.sample(others, min(wanted, len(others)))
    shifts = []
    for n, (agent_id, general, skills) in enumerate(sorted(working)):
        begins, ends = EARLY if (n + day.toordinal()) % 2 == 0 else LATE
        start = _local(day, begins) + timedelta(minutes=rng.randint(-5, 10))
        lunch = _local(day, time(11, 30) if begins == EARLY[0] else time(17)) + \
            timedelta(minutes=15 * (n % 4))
        shift = _Shift(agent_id, skills, general, start, _local(day, ends), lunch, start)
        shift.changes.append(("available", start, "desk"))
        shifts.append(shift)
    return shifts


def _pick(weights: dict[Any, int], rng: random.Random) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


def _arrivals(rng: random.Random, day: date, count: int) -> list[datetime]:
    hours = rng.choices(range(len(HOURLY_PROFILE)), HOURLY_PROFILE, k=count)
    return sorted(_local(day, time(8 + h)) + timedelta(seconds=rng.uniform(0, 3600))
                  for h in hours)


def _simulate_day(rng: random.Random, day: date, count: int, numbers: list[str],
                  agents: list[tuple[int, bool, frozenset[str]]], ids: _Ids, seed: int) -> _Day:
    built = _Day()
    volume = round(count * rng.uniform(0.8, 1.2) * (0.6 if day.weekday() >= 5 else 1.0))
    shifts = _shifts(rng, day, agents, volume)
    recent: list[str] = []
    for n, arrival in enumerate(_arrivals(rng, day, volume)):
        number = _caller(rng, recent, numbers)
        uuid = f"hist-{seed}-{day:%Y%m%d}-{n}"
        call_id = ids.take("calls")
        ivr_s = rng.randint(20, 150)
        roll = rng.random()
        contained, exited = roll < CONTAINED, CONTAINED <= roll < CONTAINED + IVR_EXIT
        built.rows["calls"].append({
            "id": call_id, "call_uuid": uuid, "caller_number": number, "direction": "inbound",
            "language": "en" if rng.random() < 0.04 else "zh", "started_at": arrival,
            "ended_at": arrival + timedelta(seconds=ivr_s), "recording_path": None,
            "ivr_path": ["main", "queries", "balance"] if contained else ["main", "agent"],
            "outcome": "goodbye" if contained else "hangup" if exited else "agent",
            "contained": contained, "verified": contained or rng.random() < 0.5})
        if contained and rng.random() < 0.15:
            _survey(built, ids, rng, call_id, arrival + timedelta(seconds=ivr_s), None)
        if contained or exited:
            continue
        recent = [*recent[-30:], number]
        _queue_call(built, ids, rng, shifts, uuid, call_id, number,
                    arrival + timedelta(seconds=ivr_s))
    for shift in shifts:
        shift.changes.append(("logged_out", max(shift.end, shift.free_at), "signed_out"))
        built.rows["agent_state_changes"] += [
            {"id": ids.take("agent_state_changes"), "agent_id": shift.agent_id, "state": state,
             "reason": reason, "at": at} for state, at, reason in shift.changes]
    return built


def _caller(rng: random.Random, recent: list[str], numbers: list[str]) -> str:
    """Some callers call again (a recent caller), some are the demo's customers, most are
    numbers the demo does not know (so a repeat call is a real repeat, not chance)."""
    roll = rng.random()
    if recent and roll < 0.12:
        return rng.choice(recent)
    if roll < 0.12 + min(0.2, len(numbers) / 5000):  # a small demo base is not called to death
        return rng.choice(numbers)
    return f"1{rng.choice('3578')}{rng.randint(0, 10**9 - 1):09d}"


def _queue_call(built: _Day, ids: _Ids, rng: random.Random, shifts: list[_Shift], uuid: str,
                call_id: int, number: str, enqueued: datetime) -> None:
    skill = _pick(SKILL_MIX, rng)
    able = [s for s in shifts if s.takes(skill) and s.start <= enqueued < s.end]
    # the routing policy: a free specialist of the skill first, a general agent otherwise;
    # after OVERFLOW_AFTER anybody at work (a supervisor's overflow)
    shift = min(able, key=lambda s: (s.ready_at(enqueued), s.general, s.agent_id)) \
        if able else None
    overflow_at = enqueued + OVERFLOW_AFTER
    if shift is None or shift.ready_at(enqueued) > overflow_at:
        anyone = [s for s in shifts if s.start <= enqueued < s.end]
        spare = min(anyone, key=lambda s: (s.ready_at(overflow_at), s.agent_id), default=None)
        if spare is not None and (shift is None or spare.ready_at(overflow_at)
                                  < shift.ready_at(enqueued)):
            shift = spare
    ring_s = rng.uniform(2, 7)
    ready = shift.ready_at(enqueued) if shift else enqueued + timedelta(hours=1)
    answered = ready + timedelta(seconds=ring_s)
    wait_s = (answered - enqueued).total_seconds()
    patience_s = rng.expovariate(1 / 200)
    entry: Row = {
        "id": ids.take("queue_entries"), "call_uuid": uuid, "caller_number": number,
        "skill": skill, "priority": 0, "vip_level": 0, "context": {"language": "zh"},
        "enqueued_at": enqueued, "status": "completed", "offered_at": None,
        "offered_agent_id": None, "answered_at": None, "agent_id": None, "ended_at": None,
        "callback_number": None, "transferred_from_agent_id": None, "announced_wait_s": None,
        "last_announced_at": None, "agent_leg_uuid": None, "missed_agent_ids": [],
        "callback_requested_at": None}
    built.rows["queue_entries"].append(entry)
    if rng.random() < 0.03:  # hung up at once: a misdial, or changed their mind
        entry.update(status="abandoned", ended_at=enqueued + timedelta(seconds=rng.uniform(1, 4)))
        return
    if shift is None or (patience_s < wait_s and not (patience_s > 60 and rng.random() < 0.35)):
        entry.update(status="abandoned",
                     ended_at=enqueued + timedelta(seconds=min(patience_s, wait_s)))
        return
    if patience_s < wait_s:  # pressed 1 after a minute: call me back
        entry["callback_number"] = number
        entry["callback_requested_at"] = enqueued + timedelta(seconds=rng.uniform(60, 90))
    if wait_s > ANNOUNCE_EVERY_S and entry["callback_number"] is None:
        said_at = enqueued + timedelta(seconds=ANNOUNCE_EVERY_S * math.floor(
            wait_s / ANNOUNCE_EVERY_S))
        remaining = (answered - said_at).total_seconds()
        entry["announced_wait_s"] = max(30, round(remaining * rng.uniform(0.5, 1.6)
                                                  + rng.gauss(0, 15)))
        entry["last_announced_at"] = said_at
    _answer(built, ids, rng, shift, entry, call_id, enqueued, ring_s)


def _answer(built: _Day, ids: _Ids, rng: random.Random, shift: _Shift, entry: Row,
            call_id: int, enqueued: datetime, ring_s: float) -> None:
    shift.lunch_if_due(enqueued)
    if entry["callback_number"]:  # the agent dials back a little later
        offered = max(shift.free_at, entry["callback_requested_at"]) + \
            timedelta(seconds=rng.uniform(30, 600))
    else:
        offered = max(shift.free_at, enqueued)
    answered = offered + timedelta(seconds=ring_s)
    talk_s = min(max(rng.lognormvariate(math.log(170), 0.55), 20), 1800)
    ended = answered + timedelta(seconds=talk_s)
    wrap_up = ended + timedelta(seconds=rng.uniform(8, 40))
    entry.update(status="completed", offered_at=offered, offered_agent_id=shift.agent_id,
                 answered_at=answered, agent_id=shift.agent_id, ended_at=ended)
    shift.changes += [("offered", offered, f"entry:{entry['id']}"), ("on_call", answered, None),
                      ("wrap_up", ended, None), ("available", wrap_up, "ready")]
    shift.free_at = wrap_up
    if rng.random() < 0.92:
        built.rows["call_summaries"].append({
            "id": ids.take("call_summaries"), "queue_entry_id": entry["id"],
            "agent_id": shift.agent_id, "disposition": _pick(DISPOSITIONS, rng), "notes": "",
            "created_at": answered + timedelta(seconds=20), "updated_at": wrap_up})
    if rng.random() < 0.35:
        _survey(built, ids, rng, call_id, ended, shift.agent_id)


def _survey(built: _Day, ids: _Ids, rng: random.Random, call_id: int, at: datetime,
            agent_id: int | None) -> None:
    built.rows["survey_answers"].append({
        "id": ids.take("survey_answers"), "call_id": call_id, "agent_id": agent_id,
        "score": _pick(SURVEY_SCORES, rng), "at": at + timedelta(seconds=rng.uniform(5, 25))})
