"""The supervisor's live board (班长台): queues per skill and agents by state.

Times are returned as instants (when the longest caller started waiting, when an agent
entered its state), not as durations, so the page can count up by itself and the board
only changes when something really happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from backoffice.db.models import Agent, AgentSkill, QueueEntry, Skill

STATE_ORDER = ("offered", "on_call", "wrap_up", "available", "break", "logged_out")
DESK_ONLINE_S = 10


@dataclass(frozen=True)
class QueueRow:
    skill: str
    name_zh: str
    name_en: str
    waiting: int
    offered: int
    longest_since: datetime | None
    callbacks_waiting: int
    callbacks_scheduled: int


@dataclass(frozen=True)
class AgentRow:
    id: int
    username: str
    name: str
    state: str
    reason: str | None
    since: datetime
    skills: list[str]
    desk_online: bool
    caller_number: str | None
    call_skill: str | None


@dataclass(frozen=True)
class Board:
    queues: list[QueueRow]
    agents: list[AgentRow]
    answered_today: int  # calls (not queue entries: a transferred call counts once)
    abandoned_today: int

    @property
    def skill_names(self) -> dict[str, tuple[str, str]]:
        return {q.skill: (q.name_zh, q.name_en) for q in self.queues}

    @property
    def waiting_total(self) -> int:
        return sum(q.waiting for q in self.queues)

    def count(self, state: str) -> int:
        return sum(1 for a in self.agents if a.state == state)

    @property
    def signature(self) -> str:
        """Changes exactly when what the board shows changes (not with the clock)."""
        return repr((self.queues, [(a.id, a.state, a.reason, a.since, a.desk_online,
                                    a.caller_number) for a in self.agents],
                     self.answered_today, self.abandoned_today))


@dataclass
class _Tally:
    waiting: int = 0
    offered: int = 0
    oldest: datetime | None = None
    callbacks_waiting: int = 0
    callbacks_scheduled: int = 0


def queue_rows(db: Session) -> list[QueueRow]:
    skills = db.execute(select(Skill.code, Skill.name_zh, Skill.name_en).order_by(Skill.id)).all()
    tallies: dict[str, _Tally] = {code: _Tally() for code, _zh, _en in skills}
    is_callback = QueueEntry.callback_number.is_not(None)
    for skill, status, callback, n, oldest in db.execute(
            select(QueueEntry.skill, QueueEntry.status, is_callback, func.count(),
                   func.min(QueueEntry.enqueued_at))
            .where(QueueEntry.status.in_(["waiting", "offered", "scheduled"]))
            .group_by(QueueEntry.skill, QueueEntry.status, is_callback)):
        tally = tallies.setdefault(skill, _Tally())
        if status == "offered":
            tally.offered += n
        elif status == "scheduled":
            tally.callbacks_scheduled += n
        elif callback:
            tally.callbacks_waiting += n
        else:
            tally.waiting += n
            tally.oldest = oldest
    names = {code: (zh, en) for code, zh, en in skills}
    return [QueueRow(skill=code, name_zh=names.get(code, (code, code))[0],
                     name_en=names.get(code, (code, code))[1], waiting=t.waiting,
                     offered=t.offered, longest_since=t.oldest,
                     callbacks_waiting=t.callbacks_waiting,
                     callbacks_scheduled=t.callbacks_scheduled)
            for code, t in tallies.items()]


def agent_rows(db: Session, now: datetime) -> list[AgentRow]:
    agents = db.scalars(select(Agent).where(Agent.role == "agent", Agent.active)).all()
    skills: dict[int, list[str]] = {}
    for agent_id, code in db.execute(select(AgentSkill.agent_id, Skill.code)
                                     .join(Skill, Skill.id == AgentSkill.skill_id)
                                     .order_by(Skill.id)):
        skills.setdefault(agent_id, []).append(code)
    calls: dict[int, tuple[str, str]] = {}
    for status, offered_to, taken_by, number, skill in db.execute(
            select(QueueEntry.status, QueueEntry.offered_agent_id, QueueEntry.agent_id,
                   QueueEntry.caller_number, QueueEntry.skill)
            .where(QueueEntry.status.in_(["offered", "answered"]))):
        holder = offered_to if status == "offered" else taken_by
        if holder is not None:
            calls[holder] = (number, skill)
    online_after = now - timedelta(seconds=DESK_ONLINE_S)
    rows = [AgentRow(
        id=a.id, username=a.username, name=a.display_name, state=a.state,
        reason=a.state_reason, since=a.state_since, skills=skills.get(a.id, []),
        desk_online=a.desk_seen_at is not None and a.desk_seen_at >= online_after,
        caller_number=calls.get(a.id, (None, None))[0], call_skill=calls.get(a.id, (None, None))[1],
    ) for a in agents]
    order = {state: i for i, state in enumerate(STATE_ORDER)}
    return sorted(rows, key=lambda r: (order.get(r.state, len(order)), r.username))


def board(db: Session, now: datetime, day_start: datetime) -> Board:
    """`day_start`: the start of the business day (in the operator's time zone), in UTC."""
    today: dict[str, int] = {status: n for status, n in db.execute(
        select(QueueEntry.status, func.count(distinct(QueueEntry.call_uuid)))
        .where(QueueEntry.enqueued_at >= day_start,
               QueueEntry.status.in_(["completed", "answered", "abandoned"]))
        .group_by(QueueEntry.status))}
    return Board(
        queues=queue_rows(db), agents=agent_rows(db, now),
        answered_today=int(today.get("completed", 0)) + int(today.get("answered", 0)),
        abandoned_today=int(today.get("abandoned", 0)),
    )
