"""The wallboard's snapshot: the queues right now, today's indicators per skill, agents by
state. Today's indicators come from the same definitions as the reports.

Times are instants (when the longest caller started waiting), so the screen counts up by
itself and the snapshot only changes when something happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Agent
from backoffice.kpi import definitions as d
from backoffice.kpi.model import KpiSettings
from backoffice.kpi.records import load_entries
from backoffice.services.desk_board import STATE_ORDER, queue_rows


@dataclass(frozen=True)
class SkillLine:
    skill: str
    name_zh: str
    name_en: str
    waiting: int
    ringing: int
    longest_since: datetime | None
    callbacks_due: int  # callers to call back now (waiting for a free agent)
    callbacks_booked: int  # booked by agents for later
    answered_today: int
    abandoned_today: int
    service_level_today: float | None


@dataclass(frozen=True)
class Wallboard:
    skills: list[SkillLine]
    agents: dict[str, list[str]]  # state: display names, every state of STATE_ORDER
    service_level_today: float | None
    asa_today_s: float | None
    abandonment_today: float | None
    answered_today: int
    abandoned_today: int
    callbacks_today: int
    threshold_s: float

    @property
    def waiting(self) -> int:
        return sum(s.waiting for s in self.skills)

    @property
    def longest_since(self) -> datetime | None:
        return min((s.longest_since for s in self.skills if s.longest_since), default=None)

    @property
    def callbacks_due(self) -> int:
        return sum(s.callbacks_due for s in self.skills)

    @property
    def signature(self) -> str:
        """Changes exactly when what the wallboard shows changes."""
        return repr(self)


def wallboard(db: Session, day_start: datetime, now: datetime, settings: KpiSettings) -> Wallboard:
    """`day_start`: midnight of the business day in the operator's time zone, as UTC."""
    today = load_entries(db, day_start, now)
    skills = []
    for q in queue_rows(db):
        mine = [e for e in today if e.skill == q.skill]
        skills.append(SkillLine(
            skill=q.skill, name_zh=q.name_zh, name_en=q.name_en, waiting=q.waiting,
            ringing=q.offered, longest_since=q.longest_since, callbacks_due=q.callbacks_waiting,
            callbacks_booked=q.callbacks_scheduled, answered_today=len(d.answered(mine)),
            abandoned_today=len(d.counted_abandons(mine, settings)),
            service_level_today=d.service_level(mine, settings)))
    agents: dict[str, list[str]] = {state: [] for state in STATE_ORDER}
    for name, state in db.execute(select(Agent.display_name, Agent.state)
                                  .where(Agent.role == "agent", Agent.active)
                                  .order_by(Agent.username)):
        agents.setdefault(state, []).append(name)
    return Wallboard(
        skills=skills, agents=agents,
        service_level_today=d.service_level(today, settings),
        asa_today_s=d.average_speed_of_answer(today),
        abandonment_today=d.abandonment_rate(today, settings),
        answered_today=len(d.answered(today)),
        abandoned_today=len(d.counted_abandons(today, settings)),
        callbacks_today=d.callbacks_booked(today), threshold_s=settings.service_level_threshold_s)
