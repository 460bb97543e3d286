"""The ESL listener over the real wire: switch events drive the queue, and a dropped
connection mid-queue reconnects, resubscribes and reconciles without losing a caller."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.db.base import utcnow
from backoffice.db.engine import make_session_factory
from backoffice.db.models import Agent, QueueEntry
from backoffice.demo.load import load_demo_data
from backoffice.esl.connection import EslConnection
from backoffice.esl.endpoints import AgentEndpoints
from backoffice.esl.listener import QueueListener
from backoffice.esl.switch_adapter import EslSwitch
from backoffice.services.queue_intake import join_queue
from tests.support.agents import set_state

from .conftest import FAST_BACKOFF, PASSWORD, eventually
from .fake_esl_server import FakeChannel, FakeEslServer

CALLER_A = "0b0e8c53-2c5e-4a6b-9a7c-1f2d3e4f5a6b"
CALLER_B = "1c1f9d64-3d6f-4b7c-8b8d-2a3e4f5a6b7c"
GHOST = "2d2aae75-4e7a-4c8d-9c9e-3b4f5a6b7c8d"


@dataclass
class Rig:
    engine: Engine
    fake: FakeEslServer
    connection: EslConnection
    listener: QueueListener
    dispatcher: Dispatcher

    def entry(self, call_uuid: str) -> QueueEntry | None:
        with Session(self.engine) as db:
            return db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == call_uuid))

    def entries(self) -> int:
        with Session(self.engine) as db:
            return db.scalar(select(func.count()).select_from(QueueEntry)) or 0


@pytest.fixture
def rig(engine: Engine, fake: FakeEslServer) -> Iterator[Rig]:
    load_demo_data(engine, 10, 1, date(2026, 11, 22), b"k", progress=False)
    set_state(engine, "agent05")  # billing specialist, extension 1005
    config = AcdConfig()
    sessions = make_session_factory(engine, write=True)
    with sessions() as db, db.begin():
        for call_uuid in (CALLER_A, GHOST):  # the IVR queued these two
            join_queue(db, call_uuid=call_uuid, caller_number="13800000001", skill="billing",
                       priority=0, context={}, queue_destination="callcenter_queue",
                       config=config, now=utcnow())
    fake.register("1005")
    fake.add_channel(FakeChannel(CALLER_A, "13800000001", "callcenter_queue",
                                 variables={"callcenter_queue_skill": "billing"}))
    # a caller the queue never heard of (its enqueue was lost): the switch still holds it
    fake.add_channel(FakeChannel(CALLER_B, "13800000004", "callcenter_queue",
                                 variables={"callcenter_queue_skill": "faults"}))
    endpoints = AgentEndpoints({"1005": "user/1005", "1007": "user/1007"})
    holder: dict[str, QueueListener] = {}
    connection = EslConnection(
        fake.host, fake.port, PASSWORD, handler=lambda e: holder["l"].handle(e),
        on_connected=lambda c: holder["l"].on_connected(c), backoff=FAST_BACKOFF,
        connect_timeout_s=1.0, command_timeout_s=2.0, heartbeat_interval_s=None)
    dispatcher = Dispatcher(sessions, EslSwitch(connection, endpoints), config)
    holder["l"] = QueueListener(dispatcher, sessions, endpoints, config, "callcenter_queue")
    connection.start()
    connection.wait_until_connected(timeout_s=3.0)
    yield Rig(engine, fake, connection, holder["l"], dispatcher)
    connection.stop()


def test_connect_reconciles_ghosts_orphans_and_registrations(rig: Rig) -> None:
    eventually(lambda: rig.listener.last_plan is not None, what="first reconcile")
    assert rig.entry(GHOST).status == "abandoned"  # type: ignore[union-attr]
    orphan = rig.entry(CALLER_B)
    assert orphan is not None and orphan.skill == "faults" and orphan.status == "waiting"
    with Session(rig.engine) as db:
        phones = dict(db.execute(select(Agent.extension, Agent.phone_registered)
                                 .where(Agent.extension.in_(["1005", "1007"]))).all())
    assert phones == {"1005": True, "1007": False}


def test_offer_answer_and_bridge_over_the_event_socket(rig: Rig) -> None:
    eventually(lambda: rig.listener.last_plan is not None)
    rig.dispatcher.tick()  # offers CALLER_A to agent05: originate user/1005, answered at once
    eventually(lambda: rig.entry(CALLER_A).status == "answered",  # type: ignore[union-attr]
               what="CHANNEL_ANSWER on the agent leg reached the queue")
    eventually(lambda: any(c.startswith(f"api uuid_bridge {CALLER_A} ")
                           for c in rig.fake.command_texts("api")), what="bridge sent")
    rig.fake.hang_up(CALLER_A)
    eventually(lambda: rig.entry(CALLER_A).status == "completed")  # type: ignore[union-attr]


def test_a_connection_drop_mid_queue_loses_no_caller(rig: Rig) -> None:
    eventually(lambda: rig.listener.last_plan is not None)
    before = rig.entries()
    rig.fake.drop_connections()
    rig.fake.hang_up(CALLER_B)  # happens while the listener is away: the event is lost
    rig.fake.park_call(FakeChannel("3e3bbf86-5f8b-4d9e-8dad-4c5a6b7c8d9e", "13800000003",
                                   "callcenter_queue",
                                   variables={"callcenter_queue_skill": "general"}))
    eventually(lambda: rig.connection.sessions_started >= 2, what="reconnected")
    eventually(lambda: rig.entry(CALLER_B).status == "abandoned",  # type: ignore[union-attr]
               what="reconcile marked the caller who left while we were away")
    eventually(lambda: rig.fake.subscribed_connections() == 1, what="resubscribed")
    assert len(rig.fake.command_texts("event ")) == 2  # once per connection
    waiting_a = rig.entry(CALLER_A)
    assert waiting_a is not None and waiting_a.status in ("waiting", "offered", "answered")
    eventually(lambda: rig.entry("3e3bbf86-5f8b-4d9e-8dad-4c5a6b7c8d9e") is not None,
               what="the caller who arrived during the drop is in the queue")
    assert rig.entries() == before + 1
