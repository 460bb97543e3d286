"""The dispatcher: the database is the queue, this moves calls through it.

Every decision is a short transaction of conditional UPDATEs ("offer entry 7 to agent 3 if
the entry is still waiting and the agent still available"), so two dispatchers on one
PostgreSQL never offer one caller to two agents or one agent two callers: the loser of a
race updates no row and rolls back. Switch commands run outside transactions; when one
fails the claim is undone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, case, func, select, type_coerce, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.acd.agent_states import AgentState, move
from backoffice.acd.config import AcdConfig
from backoffice.acd.policy import (
    TRANSFER_BOOST,
    VIP_BOOST_PER_LEVEL,
    FreeAgent,
    WaitingCall,
    estimated_wait_s,
    match,
    queue_order,
)
from backoffice.acd.switch_port import CallGone, Switch, SwitchError
from backoffice.db.base import utcnow
from backoffice.db.models import Agent, AgentSkill, QueueEntry, Skill

log = logging.getLogger(__name__)

WAITING = "waiting"
OFFERED = "offered"
ANSWERED = "answered"
COMPLETED = "completed"
ABANDONED = "abandoned"
SCHEDULED = "scheduled"  # a callback booked for a later time: not in the queue until due
IN_QUEUE = (WAITING, OFFERED)
DEFAULT_HANDLE_S = 180.0
HEAD_PER_FREE_AGENT = 20
HEAD_MINIMUM = 50


@dataclass
class TickReport:
    offered: list[tuple[int, int]] = field(default_factory=list)  # (entry, agent)
    timed_out: list[int] = field(default_factory=list)
    announced: list[int] = field(default_factory=list)
    wrap_ups_done: list[int] = field(default_factory=list)
    max_wait: list[int] = field(default_factory=list)
    desks_gone: list[int] = field(default_factory=list)
    callbacks_due: int = 0


def caller_language(entry: QueueEntry) -> str:
    """The language the caller chose in the IVR (it travels in the queue context)."""
    lang = (entry.context or {}).get("language")
    return lang if lang in ("zh", "en") else "zh"


def _agent_ids(raw: str | list[int] | None) -> frozenset[int]:
    """SQLite hands JSON over as text (decoded here only when not empty); psycopg decodes it."""
    if not raw or raw == "[]":
        return frozenset()
    return frozenset(json.loads(raw) if isinstance(raw, str) else raw)


class Dispatcher:
    def __init__(self, sessions: sessionmaker[Session], switch: Switch, config: AcdConfig,
                 clock: Callable[[], datetime] = utcnow,
                 prompt_path: Callable[[str, str], str] | None = None) -> None:
        self.sessions = sessions
        self.switch = switch
        self.config = config
        self.clock = clock
        self.prompt_path = prompt_path or (lambda prompt_id, lang: f"{lang}/{prompt_id}.wav")

    # -- the periodic work ---------------------------------------------------------

    def tick(self) -> TickReport:
        now = self.clock()
        report = TickReport()
        report.desks_gone = self.release_gone_desks(now)
        report.timed_out = self.expire_offers(now)
        report.wrap_ups_done = self.finish_wrap_ups(now)
        report.callbacks_due = self.promote_scheduled_callbacks(now)
        report.max_wait = self.enforce_max_wait(now)
        report.offered = self.dispatch(now)
        report.announced = self.announce(now)
        return report

    def dispatch(self, now: datetime) -> list[tuple[int, int]]:
        with self.sessions() as db:
            free = self._free_agents(db)
            if not free:
                return []
            # general agents take any skill (overflow); otherwise only the free agents' skills
            skills = None if any(a.is_general for a in free) else {
                code for agent in free for code in agent.skills}
            # the head of the queue is enough unless it leaves free agents idle (skills,
            # agents that missed a call): then look at the whole queue
            limit = HEAD_PER_FREE_AGENT * len(free) + HEAD_MINIMUM
            head = self._waiting(db, skills, limit)
            pairs = match(head, free, now, self.config.routing)
            if len(pairs) < len(free) and len(head) == limit:
                pairs = match(self._waiting(db, skills), free, now, self.config.routing)
            endpoints = dict(db.execute(select(Agent.id, Agent.extension).where(
                Agent.id.in_([agent.agent_id for _call, agent in pairs]))).all())
        offered = []
        for call, agent in pairs:
            claimed = self._claim(call.entry_id, agent.agent_id, now)
            if claimed and self._ring(call.entry_id, agent.agent_id,
                                      endpoints.get(agent.agent_id), claimed, now):
                offered.append((call.entry_id, agent.agent_id))
        return offered

    def _waiting(self, db: Session, skills: set[str] | None = None,
                 limit: int | None = None) -> list[WaitingCall]:
        """Waiting calls in queue order, only of `skills` when given (what the free agents can
        take), the first `limit` when given. The missed-agents list is read as text and decoded
        only when not empty: with thousands of callers waiting that was most of a dispatch."""
        rank = (QueueEntry.priority + QueueEntry.vip_level * VIP_BOOST_PER_LEVEL
                + case((QueueEntry.transferred_from_agent_id.is_not(None), TRANSFER_BOOST),
                       else_=0))
        query = select(
            QueueEntry.id, QueueEntry.skill, QueueEntry.priority, QueueEntry.vip_level,
            QueueEntry.enqueued_at, QueueEntry.transferred_from_agent_id,
            type_coerce(QueueEntry.missed_agent_ids, String)).where(QueueEntry.status == WAITING)
        if skills is not None:
            query = query.where(QueueEntry.skill.in_(skills))
        query = query.order_by(rank.desc(), QueueEntry.enqueued_at, QueueEntry.id).limit(limit)
        return [WaitingCall(id_, skill, priority, vip, enqueued, transferred is not None,
                            _agent_ids(missed))
                for id_, skill, priority, vip, enqueued, transferred, missed in db.execute(query)]

    def _free_agents(self, db: Session) -> list[FreeAgent]:
        agents = db.execute(select(Agent.id, Agent.level, Agent.is_general, Agent.state_since)
                            .where(Agent.state == str(AgentState.AVAILABLE), Agent.active,
                                   Agent.phone_registered, Agent.extension.is_not(None))).all()
        if not agents:
            return []
        skills: dict[int, dict[str, int]] = {}
        for agent_id, code, level in db.execute(
                select(AgentSkill.agent_id, Skill.code, AgentSkill.level)
                .join(Skill, Skill.id == AgentSkill.skill_id)
                .where(AgentSkill.agent_id.in_([a.id for a in agents]))):
            skills.setdefault(agent_id, {})[code] = level
        return [FreeAgent(id_, level, general, skills.get(id_, {}), since)
                for id_, level, general, since in agents]

    def _claim(self, entry_id: int, agent_id: int, now: datetime) -> tuple[str, str, str | None] | None:
        """Take the pair if both are still free; returns the call's (uuid, caller, callback)."""
        with self.sessions() as db, db.begin():
            taken = db.execute(
                update(QueueEntry).where(QueueEntry.id == entry_id, QueueEntry.status == WAITING)
                .values(status=OFFERED, offered_agent_id=agent_id, offered_at=now)
                .returning(QueueEntry.call_uuid, QueueEntry.caller_number,
                           QueueEntry.callback_number)).one_or_none()
            if taken is None or not move(db, agent_id, AgentState.AVAILABLE, AgentState.OFFERED,
                                         now, reason=f"entry:{entry_id}"):
                db.rollback()
                return None
        return taken.call_uuid, taken.caller_number, taken.callback_number

    def _ring(self, entry_id: int, agent_id: int, endpoint: str | None,
              call: tuple[str, str, str | None], now: datetime) -> bool:
        call_uuid, caller, callback = call
        try:
            if endpoint is None:
                raise SwitchError("agent has no extension")
            if callback:
                leg = self.switch.originate_callback(callback, endpoint, caller or "callcenter",
                                                     self.config.offer_timeout_s)
            else:
                leg = self.switch.offer_to_agent(call_uuid, endpoint, caller or "anonymous",
                                                 self.config.offer_timeout_s)
        except CallGone:
            self._undo_claim(entry_id, agent_id, now, entry_status=ABANDONED,
                             agent_state=AgentState.AVAILABLE, reason=None)
            return False
        except SwitchError as exc:
            log.warning("offer of entry %s to agent %s failed: %s", entry_id, agent_id,
                        type(exc).__name__)
            self._undo_claim(entry_id, agent_id, now, entry_status=WAITING,
                             agent_state=AgentState.BREAK, reason="unreachable")
            return False
        with self.sessions() as db, db.begin():
            db.execute(update(QueueEntry).where(QueueEntry.id == entry_id)
                       .values(agent_leg_uuid=leg))
        return True

    def _undo_claim(self, entry_id: int, agent_id: int, now: datetime, entry_status: str,
                    agent_state: AgentState, reason: str | None) -> None:
        with self.sessions() as db, db.begin():
            values: dict[str, object] = {"status": entry_status, "offered_agent_id": None,
                                         "offered_at": None, "agent_leg_uuid": None}
            if entry_status == ABANDONED:
                values["ended_at"] = now
            db.execute(update(QueueEntry).where(QueueEntry.id == entry_id,
                                                QueueEntry.status == OFFERED).values(**values))
            move(db, agent_id, AgentState.OFFERED, agent_state, now, reason)

    def release_gone_desks(self, now: datetime) -> list[int]:
        """Agents whose desk stopped sending heartbeats (tab closed, network lost) are made
        not-ready; a call ringing on such a desk goes back to the front of the queue."""
        deadline = now - timedelta(seconds=self.config.desk_timeout_s)
        gone = []
        with self.sessions() as db, db.begin():
            agents = db.scalars(select(Agent).where(
                Agent.state.in_([str(AgentState.AVAILABLE), str(AgentState.OFFERED)]),
                Agent.desk_seen_at.is_not(None), Agent.desk_seen_at < deadline)).all()
            for agent in agents:
                for entry in db.scalars(select(QueueEntry).where(
                        QueueEntry.status == OFFERED, QueueEntry.offered_agent_id == agent.id)):
                    entry.status, entry.offered_agent_id, entry.offered_at = WAITING, None, None
                    entry.agent_leg_uuid = None
                if move(db, agent.id, {AgentState.AVAILABLE, AgentState.OFFERED},
                        AgentState.BREAK, now, "desk_gone"):
                    gone.append(agent.id)
        return gone

    def expire_offers(self, now: datetime) -> list[int]:
        """Offers not answered in time: the call goes back to the front (it keeps its
        enqueue time), the agent is not offered it again, and after too many misses in a row
        the agent goes on break ("no answer")."""
        deadline = now - timedelta(seconds=self.config.offer_timeout_s)
        with self.sessions() as db:
            stale = db.execute(select(QueueEntry.id, QueueEntry.offered_agent_id,
                                      QueueEntry.agent_leg_uuid)
                               .where(QueueEntry.status == OFFERED,
                                      QueueEntry.offered_at <= deadline)).all()
        expired = []
        for entry_id, agent_id, leg in stale:
            if self._miss(entry_id, agent_id, now):
                expired.append(entry_id)
                if leg:
                    self.quietly(lambda leg=leg: self.switch.hangup(leg, "NO_ANSWER"))
        return expired

    def decline(self, entry_id: int, agent_id: int) -> bool:
        """The agent pressed Decline (or the phone rejected the call): counted as a miss."""
        now = self.clock()
        with self.sessions() as db:
            leg = db.scalar(select(QueueEntry.agent_leg_uuid).where(QueueEntry.id == entry_id))
        missed = self._miss(entry_id, agent_id, now)
        if missed and leg:
            self.quietly(lambda: self.switch.hangup(leg, "CALL_REJECTED"))
        return missed

    def _miss(self, entry_id: int, agent_id: int, now: datetime) -> bool:
        with self.sessions() as db, db.begin():
            entry = db.get(QueueEntry, entry_id)
            if entry is None or entry.status != OFFERED or entry.offered_agent_id != agent_id:
                return False
            entry.status = WAITING
            entry.offered_agent_id = None
            entry.offered_at = None
            entry.agent_leg_uuid = None
            entry.missed_agent_ids = sorted({*entry.missed_agent_ids, agent_id})
            agent = db.get(Agent, agent_id)
            assert agent is not None
            agent.missed_offers += 1
            tired = agent.missed_offers >= self.config.max_missed_offers
            move(db, agent_id, AgentState.OFFERED,
                 AgentState.BREAK if tired else AgentState.AVAILABLE, now,
                 "no_answer" if tired else "missed_offer")
            if tired:
                agent.missed_offers = 0
        return True

    # -- events from the switch or the desk --------------------------------------

    def answer(self, entry_id: int, agent_id: int) -> bool:
        """The agent answered: connect the caller (or, for a callback, the switch dials out)."""
        now = self.clock()
        with self.sessions() as db, db.begin():
            answered = db.execute(
                update(QueueEntry).where(QueueEntry.id == entry_id, QueueEntry.status == OFFERED,
                                         QueueEntry.offered_agent_id == agent_id)
                .values(status=ANSWERED, answered_at=now, agent_id=agent_id)).rowcount == 1
            if not answered:
                return False
            move(db, agent_id, AgentState.OFFERED, AgentState.ON_CALL, now)
            db.execute(update(Agent).where(Agent.id == agent_id).values(missed_offers=0))
            entry = db.get(QueueEntry, entry_id)
            assert entry is not None
            call_uuid, leg, callback = entry.call_uuid, entry.agent_leg_uuid, entry.callback_number
        if leg and not callback:
            try:
                self.switch.bridge(call_uuid, leg)
            except CallGone:
                self.call_ended(call_uuid, now)
        return True

    def call_ended(self, call_uuid: str, when: datetime | None = None) -> None:
        """The caller hung up (or the conversation ended): waiting → abandoned, an offer is
        withdrawn, a conversation goes to wrap-up."""
        now = when or self.clock()
        with self.sessions() as db, db.begin():
            for entry in db.scalars(select(QueueEntry).where(
                    QueueEntry.call_uuid == call_uuid,
                    QueueEntry.status.in_([WAITING, OFFERED, ANSWERED]))):
                if entry.status == ANSWERED and entry.agent_id is not None:
                    entry.status = COMPLETED
                    move(db, entry.agent_id, AgentState.ON_CALL, AgentState.WRAP_UP, now)
                else:
                    if entry.status == OFFERED and entry.offered_agent_id is not None:
                        move(db, entry.offered_agent_id, AgentState.OFFERED,
                             AgentState.AVAILABLE, now, "caller_left")
                        if entry.agent_leg_uuid:
                            leg = entry.agent_leg_uuid
                            self.quietly(lambda leg=leg: self.switch.hangup(leg, "ORIGINATOR_CANCEL"))
                    if entry.callback_number is not None:
                        continue  # a booked callback keeps its place after the caller hangs up
                    entry.status = ABANDONED
                entry.ended_at = now

    def request_callback(self, call_uuid: str, number: str) -> bool:
        """The waiting caller pressed 1: hang up but keep the place; counted apart from abandons."""
        now = self.clock()
        with self.sessions() as db, db.begin():
            moved = db.execute(update(QueueEntry).where(
                QueueEntry.call_uuid == call_uuid, QueueEntry.status == WAITING)
                .values(callback_number=number, callback_requested_at=now)).rowcount == 1
        return moved

    def promote_scheduled_callbacks(self, now: datetime) -> int:
        """Callbacks booked for a time that has come join the queue (one conditional UPDATE,
        safe with several dispatchers); they keep the booked time as their place."""
        with self.sessions() as db, db.begin():
            return db.execute(update(QueueEntry).where(
                QueueEntry.status == SCHEDULED, QueueEntry.enqueued_at <= now)
                .values(status=WAITING)).rowcount

    def finish_wrap_ups(self, now: datetime) -> list[int]:
        deadline = now - timedelta(seconds=self.config.wrap_up_s)
        with self.sessions() as db, db.begin():
            ids = list(db.scalars(select(Agent.id).where(
                Agent.state == str(AgentState.WRAP_UP), Agent.state_since <= deadline)))
            return [i for i in ids if move(db, i, AgentState.WRAP_UP, AgentState.AVAILABLE, now)]

    def enforce_max_wait(self, now: datetime) -> list[int]:
        """Callers waiting too long hear that we will call back; their place is kept as a
        callback (they are known by their number) and the call ends."""
        deadline = now - timedelta(seconds=self.config.max_wait_s)
        with self.sessions() as db, db.begin():
            entries = db.scalars(select(QueueEntry).where(
                QueueEntry.status == WAITING, QueueEntry.callback_number.is_(None),
                QueueEntry.enqueued_at <= deadline)).all()
            done = []
            for entry in entries:
                entry.callback_number = entry.caller_number or None
                entry.callback_requested_at = now
                if entry.callback_number is None:
                    entry.status = ABANDONED
                    entry.ended_at = now
                done.append((entry.id, entry.call_uuid, entry.callback_number is not None,
                             caller_language(entry)))
        for _entry_id, call_uuid, booked, lang in done:
            if booked:
                self.quietly(lambda c=call_uuid, lang=lang: self.switch.announce(
                    c, [self.prompt_path("queue/callback_registered", lang)]))
                self.quietly(lambda c=call_uuid: self.switch.hangup(c))
            else:  # no number to call back: night service takes a message
                self.quietly(lambda c=call_uuid: self.switch.transfer(
                    c, self.config.night_destination))
        return [entry_id for entry_id, *_ in done]

    # -- announcements -------------------------------------------------------------

    def announce(self, now: datetime) -> list[int]:
        """Every `announce_every_s`: position and estimated wait; the callback offer once the
        caller has waited long enough."""
        due = now - timedelta(seconds=self.config.announce_every_s)
        with self.sessions() as db:
            waiting = self._waiting(db)
            if not waiting:
                return []
            entries = {e.id: e for e in db.scalars(select(QueueEntry).where(
                QueueEntry.status == WAITING, QueueEntry.callback_number.is_(None)))}
            staffed = self._staffed(db)
            general = staffed['general']
            handle_s = self.average_handle_s(db, now)
        from fs_scripts import speech

        position = {}
        for skill in {c.skill for c in waiting}:
            ordered = queue_order(c for c in waiting if c.skill == skill)
            position.update({c.entry_id: ahead for ahead, c in enumerate(ordered)})
        announced = []
        for call in waiting:
            entry = entries.get(call.entry_id)
            if entry is None or (entry.last_announced_at or entry.enqueued_at) > due:
                continue
            ahead = position[call.entry_id]
            ewt = estimated_wait_s(ahead, staffed.get(call.skill, general), handle_s)
            lang = caller_language(entry)
            ids = ["queue/position_is", *speech.number(ahead, lang)]
            if ewt is not None:
                ids += ["queue/wait_is", *speech.number(max(1, round(ewt / 60)), lang),
                        "unit/minutes"]
            waited = (now - entry.enqueued_at).total_seconds()
            if entry.caller_number and waited >= self.config.callback_offer_after_s:
                ids.append("queue/callback_offer")
            try:
                self.switch.announce(entry.call_uuid, [self.prompt_path(i, lang) for i in ids])
            except CallGone:
                self.call_ended(entry.call_uuid, now)
                continue
            except SwitchError:
                continue
            with self.sessions() as db, db.begin():
                db.execute(update(QueueEntry).where(QueueEntry.id == entry.id).values(
                    last_announced_at=now, announced_wait_s=ewt))
            announced.append(entry.id)
        return announced

    def _staffed(self, db: Session) -> dict[str, int]:
        """Agents at work (not on break) who can take each skill: its specialists plus the
        general agents, who take every kind of call."""
        working = [str(s) for s in (AgentState.AVAILABLE, AgentState.OFFERED,
                                    AgentState.ON_CALL, AgentState.WRAP_UP)]
        general = db.scalar(select(func.count()).select_from(Agent).where(
            Agent.state.in_(working), Agent.is_general)) or 0
        counts = {"general": general}
        for code, n in db.execute(
                select(Skill.code, func.count()).select_from(AgentSkill)
                .join(Skill, Skill.id == AgentSkill.skill_id)
                .join(Agent, Agent.id == AgentSkill.agent_id)
                .where(Agent.state.in_(working), Agent.is_general.is_(False))
                .group_by(Skill.code)):
            counts[code] = n + general
        return counts

    def average_handle_s(self, db: Session, now: datetime, window: int = 50) -> float:
        """Talk time of the most recent answered calls plus the configured wrap-up."""
        rows = db.execute(select(QueueEntry.answered_at, QueueEntry.ended_at).where(
            QueueEntry.status == COMPLETED, QueueEntry.answered_at.is_not(None),
            QueueEntry.ended_at.is_not(None)).order_by(QueueEntry.ended_at.desc())
            .limit(window)).all()
        if not rows:
            return DEFAULT_HANDLE_S
        talk = sum((end - start).total_seconds() for start, end in rows) / len(rows)
        return talk + self.config.wrap_up_s

    @staticmethod
    def quietly(action: Callable[[], object]) -> None:
        try:
            action()
        except SwitchError as exc:
            log.info("switch command skipped: %s", type(exc).__name__)
