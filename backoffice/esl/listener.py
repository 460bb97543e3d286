"""The ESL listener's brain: switch events move the queue; every (re)connect reconciles.

Events are handled one at a time in arrival order (EslConnection guarantees it). The queue
lives in the database, so a listener that restarts, or reconnects after a drop, loses no
caller: `on_connected` compares the switch's channels and registrations with the queue and
fixes the differences.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.acd.agent_states import AgentState, move
from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import ANSWERED, OFFERED, WAITING, Dispatcher, caller_language
from backoffice.db.base import utcnow
from backoffice.db.models import Agent, QueueEntry
from backoffice.esl.endpoints import AgentEndpoints
from backoffice.esl.events import (
    ChannelAnswer,
    ChannelHangup,
    ChannelPark,
    Dtmf,
    EslEvent,
    SofiaExpire,
    SofiaRegister,
    SofiaUnregister,
)
from backoffice.esl.reconcile import QueueBeliefs, ReconcilePlan, reconcile
from backoffice.esl.snapshot import QUEUE_SKILL_VARIABLE, read_snapshot
from backoffice.services.queue_intake import join_queue

log = logging.getLogger(__name__)
CALLBACK_KEY = "1"


class QueueListener:
    def __init__(self, dispatcher: Dispatcher, sessions: sessionmaker[Session],
                 endpoints: AgentEndpoints, config: AcdConfig, queue_destination: str) -> None:
        self.dispatcher = dispatcher
        self.sessions = sessions
        self.endpoints = endpoints
        self.config = config
        self.queue_destination = queue_destination
        self.last_plan: ReconcilePlan | None = None

    # -- events ----------------------------------------------------------------------

    def handle(self, event: EslEvent) -> None:
        if isinstance(event, ChannelPark):
            self._parked(event)
        elif isinstance(event, ChannelAnswer):
            self._answered(event.uuid)
        elif isinstance(event, ChannelHangup):
            self._hung_up(event.uuid)
        elif isinstance(event, Dtmf):
            self._key(event)
        elif isinstance(event, SofiaRegister):
            self._registration(event.user, True)
        elif isinstance(event, SofiaUnregister | SofiaExpire):
            self._registration(event.user, False)

    def _parked(self, event: ChannelPark) -> None:
        skill = event.variables.get(QUEUE_SKILL_VARIABLE)
        if not skill:
            return  # not a queue call
        with self.sessions() as db, db.begin():
            known = db.scalar(select(QueueEntry.id).where(QueueEntry.call_uuid == event.uuid))
            if known is None:  # the caller reached the queue without the IVR (direct dial)
                join_queue(db, call_uuid=event.uuid, caller_number=event.caller_number,
                           skill=skill, priority=0, context={"source": "switch"},
                           queue_destination=self.queue_destination, config=self.config,
                           now=utcnow())

    def _entry_by_leg(self, db: Session, leg: str) -> QueueEntry | None:
        return db.scalar(select(QueueEntry).where(QueueEntry.agent_leg_uuid == leg,
                                                  QueueEntry.status.in_([OFFERED, ANSWERED])))

    def _answered(self, leg: str) -> None:
        with self.sessions() as db:
            entry = self._entry_by_leg(db, leg)
            found = (entry.id, entry.offered_agent_id, entry.status) if entry else None
        if found and found[2] == OFFERED and found[1] is not None:
            self.dispatcher.answer(found[0], found[1])

    def _hung_up(self, uuid: str) -> None:
        with self.sessions() as db:
            leg_entry = self._entry_by_leg(db, uuid)
            found = (leg_entry.id, leg_entry.offered_agent_id, leg_entry.status,
                     leg_entry.call_uuid) if leg_entry else None
        if found is None:
            self.dispatcher.call_ended(uuid)  # a caller (or nothing we know)
        elif found[2] == OFFERED and found[1] is not None:
            self.dispatcher.decline(found[0], found[1])  # the agent's phone rang out or rejected
        else:
            self.dispatcher.call_ended(found[3])  # the agent hung up the conversation

    def _key(self, event: Dtmf) -> None:
        if event.digit != CALLBACK_KEY:
            return
        with self.sessions() as db:
            entry = db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == event.uuid,
                                                       QueueEntry.status == WAITING))
            number = entry.caller_number if entry else None
            lang = caller_language(entry) if entry else "zh"
        if number and self.dispatcher.request_callback(event.uuid, number):
            self.dispatcher.quietly(lambda: self.dispatcher.switch.announce(
                event.uuid, [self.dispatcher.prompt_path("queue/callback_registered", lang)]))
            self.dispatcher.quietly(lambda: self.dispatcher.switch.hangup(event.uuid))

    def _registration(self, user: str, registered: bool) -> None:
        now = utcnow()
        with self.sessions() as db, db.begin():
            self._set_registered(db, {user}, registered, now)

    def _set_registered(self, db: Session, extensions: set[str], registered: bool,
                        now: datetime) -> None:
        if not extensions:
            return
        db.execute(update(Agent).where(Agent.extension.in_(extensions))
                   .values(phone_registered=registered))
        if not registered:  # a phone that went away is never offered a call
            for agent_id in db.scalars(select(Agent.id).where(
                    Agent.extension.in_(extensions), Agent.state == str(AgentState.AVAILABLE))):
                move(db, agent_id, AgentState.AVAILABLE, AgentState.BREAK, now, "phone_offline")

    # -- reconnect ---------------------------------------------------------------------

    def on_connected(self, connection: object) -> None:
        api = connection.api  # type: ignore[attr-defined]
        snapshot = read_snapshot(api)
        with self.sessions() as db:
            entries = db.execute(select(QueueEntry.call_uuid, QueueEntry.agent_leg_uuid,
                                        QueueEntry.status, QueueEntry.callback_number)
                                 .where(QueueEntry.status.in_([WAITING, OFFERED]))).all()
        # booked callbacks wait without a channel: they are not the switch's business
        beliefs = QueueBeliefs(
            frozenset(u for u, _leg, _s, cb in entries if cb is None),
            {u: leg for u, leg, status, _cb in entries if status == OFFERED and leg})
        plan = reconcile(snapshot, beliefs, self.endpoints)
        self.apply(plan)
        self.last_plan = plan
        log.info("reconciled with the switch: %d calls fixed", plan.calls_to_fix)

    def apply(self, plan: ReconcilePlan) -> None:
        now = utcnow()
        for call_uuid in plan.abandoned:
            self.dispatcher.call_ended(call_uuid, now)
        with self.sessions() as db, db.begin():
            for call_uuid in plan.lost_offers:
                entry = db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == call_uuid,
                                                           QueueEntry.status == OFFERED))
                if entry is not None and entry.offered_agent_id is not None:
                    move(db, entry.offered_agent_id, AgentState.OFFERED, AgentState.AVAILABLE,
                         now, "offer_lost")
                    entry.status, entry.offered_agent_id, entry.offered_at = WAITING, None, None
                    entry.agent_leg_uuid = None
            for orphan in plan.reenqueue:
                join_queue(db, call_uuid=orphan.uuid, caller_number=orphan.caller_number,
                           skill=orphan.skill, priority=0, context={"source": "reconcile"},
                           queue_destination=self.queue_destination, config=self.config,
                           now=now)
            self._set_registered(db, set(plan.registered_agents), True, now)
            self._set_registered(db, set(plan.unregistered_agents), False, now)
