"""The dispatcher with the simulated switch and a controlled clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.acd.simulated_switch import SimulatedSwitch
from backoffice.acd.switch_port import AgentUnreachable
from backoffice.db.engine import make_session_factory
from backoffice.db.models import Agent, QueueEntry
from backoffice.demo.load import load_demo_data
from backoffice.services.queue_intake import join_queue
from tests.support.agents import set_state

START = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Center:
    engine: Engine
    clock: Clock
    switch: SimulatedSwitch
    acd: Dispatcher
    config: AcdConfig

    def agent(self, username: str) -> Agent:
        with Session(self.engine) as db:
            agent = db.scalar(select(Agent).where(Agent.username == username))
            assert agent is not None
            return agent

    def entry(self, call_uuid: str) -> QueueEntry:
        with Session(self.engine) as db:
            entry = db.scalar(select(QueueEntry).where(QueueEntry.call_uuid == call_uuid))
            assert entry is not None
            return entry

    def call_in(self, call_uuid: str, skill: str, number: str = "13800000001",
                priority: int = 0, transferred_from: int | None = None) -> str:
        with make_session_factory(self.engine, write=True)() as db, db.begin():
            joined = join_queue(db, call_uuid=call_uuid, caller_number=number, skill=skill,
                                priority=priority, context={"language": "zh"},
                                queue_destination="callcenter_queue", config=self.config,
                                now=self.clock(), transferred_from_agent_id=transferred_from)
        return joined.mode

    def offered_to(self, call_uuid: str) -> str | None:
        entry = self.entry(call_uuid)
        if entry.offered_agent_id is None:
            return None
        with Session(self.engine) as db:
            return db.get(Agent, entry.offered_agent_id).username  # type: ignore[union-attr]


@pytest.fixture
def center(engine: Engine) -> Center:
    load_demo_data(engine, 10, 1, START.date(), b"k", progress=False)
    clock = Clock()
    switch = SimulatedSwitch()
    config = AcdConfig(offer_timeout_s=10, max_missed_offers=2, wrap_up_s=30, max_wait_s=600,
                       callback_offer_after_s=60)
    acd = Dispatcher(make_session_factory(engine, write=True), switch, config, clock)
    return Center(engine, clock, switch, acd, config)


def test_billing_call_goes_to_the_best_free_billing_specialist(center: Center) -> None:
    set_state(center.engine, "agent05", "agent06", "agent01", since=START)
    assert center.call_in("c1", "billing") == "queued"
    report = center.acd.tick()
    assert center.offered_to("c1") == "agent06"  # billing level 5
    assert len(report.offered) == 1
    assert center.agent("agent06").state == "offered"
    assert [c.call_uuid for c in center.switch.named("offer")] == ["c1"]


def test_answer_bridges_then_wrap_up_then_available(center: Center) -> None:
    set_state(center.engine, "agent05", since=START)
    center.call_in("c1", "billing")
    center.acd.tick()
    agent = center.agent("agent05")
    assert center.acd.answer(center.entry("c1").id, agent.id)
    assert center.entry("c1").status == "answered"
    assert center.agent("agent05").state == "on_call"
    assert [c.call_uuid for c in center.switch.named("bridge")] == ["c1"]
    center.clock.advance(120)
    center.acd.call_ended("c1")
    assert center.entry("c1").status == "completed"
    assert center.agent("agent05").state == "wrap_up"
    center.clock.advance(29)
    center.acd.tick()
    assert center.agent("agent05").state == "wrap_up"
    center.clock.advance(2)
    center.acd.tick()
    assert center.agent("agent05").state == "available"


def test_unanswered_offer_goes_back_to_the_front_then_agent_goes_on_break(center: Center) -> None:
    set_state(center.engine, "agent05", "agent06", since=START)
    center.call_in("c1", "billing")
    center.clock.advance(5)
    center.call_in("c2", "billing")
    center.acd.tick()
    assert {center.offered_to("c1"), center.offered_to("c2")} == {"agent05", "agent06"}
    first = center.offered_to("c1")
    center.acd.answer(center.entry("c2").id, center.agent(center.offered_to("c2") or "").id)
    center.clock.advance(11)  # nobody answers c1
    report = center.acd.tick()
    assert center.entry("c1").id in report.timed_out
    assert center.entry("c1").missed_agent_ids == [center.agent(first or "").id]
    # the only free billing agent missed it: it is not offered to them again
    assert center.offered_to("c1") is None
    assert center.agent(first or "").state == "available"
    # a third caller arrives; the same agent misses it too and goes on break after 2 misses
    center.call_in("c3", "billing")
    center.acd.tick()
    assert center.offered_to("c3") == first
    center.clock.advance(11)
    center.acd.tick()
    tired = center.agent(first or "")
    assert (tired.state, tired.state_reason) == ("break", "no_answer")


def test_unreachable_phone_puts_the_agent_on_break_and_the_call_keeps_its_place(
        center: Center, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_args: object) -> str:
        raise AgentUnreachable("USER_NOT_REGISTERED", "1006")

    monkeypatch.setattr(center.switch, "offer_to_agent", unreachable)
    set_state(center.engine, "agent06", since=START)
    center.call_in("c1", "billing")
    center.acd.tick()
    assert center.entry("c1").status == "waiting"
    assert (center.agent("agent06").state, center.agent("agent06").state_reason) == (
        "break", "unreachable")


def test_caller_hanging_up_while_waiting_is_an_abandon(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)  # general agent: no billing specialist
    center.call_in("c1", "faults")
    center.acd.call_ended("c1")
    assert center.entry("c1").status == "abandoned"


def test_callback_keeps_the_place_and_the_agent_is_offered_the_callback(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)  # keeps the center open, cannot take faults
    center.call_in("c1", "faults", number="13800000004")
    assert center.acd.request_callback("c1", "13800000004")
    center.acd.call_ended("c1")  # the caller hangs up after booking
    assert center.entry("c1").status == "waiting"
    set_state(center.engine, "agent07", since=START)
    center.acd.tick()
    assert center.offered_to("c1") == "agent07"
    callbacks = center.switch.named("callback")
    assert [c.call_uuid for c in callbacks] == ["13800000004"]


def test_transferred_and_vip_calls_go_first(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)
    center.call_in("c-old", "faults")
    center.clock.advance(30)
    center.call_in("c-vip", "faults", number="13800000004")  # gold VIP
    center.clock.advance(30)
    center.call_in("c-transfer", "faults", transferred_from=1)
    set_state(center.engine, "agent07", since=START)
    center.acd.tick()
    assert center.offered_to("c-transfer") == "agent07"
    assert center.offered_to("c-vip") is None and center.offered_to("c-old") is None


def test_waiting_callers_hear_position_and_estimated_wait(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)
    for n in range(3):
        center.call_in(f"c{n}", "faults")
    center.clock.advance(46)
    report = center.acd.tick()
    assert len(report.announced) == 3
    last = [c for c in center.switch.named("announce") if c.call_uuid == "c2"][0]
    assert last.detail[:2] == ("zh/queue/position_is.wav", "zh/digits/2.wav")
    assert "zh/queue/wait_is.wav" in last.detail
    center.clock.advance(20)
    assert center.acd.tick().announced == []  # not again before the interval
    center.clock.advance(30)  # waited 96 s: the callback offer joins the announcement
    center.acd.tick()
    assert [c for c in center.switch.named("announce")
            if c.call_uuid == "c0"][-1].detail[-1] == "zh/queue/callback_offer.wav"


def test_maximum_wait_books_a_callback_and_ends_the_call(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)
    center.call_in("c1", "faults")
    center.clock.advance(601)
    report = center.acd.tick()
    assert center.entry("c1").id in report.max_wait
    assert center.entry("c1").callback_number == "13800000001"
    assert [c.call_uuid for c in center.switch.named("hangup")] == ["c1"]


def test_out_of_hours_callers_get_night_service(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)
    center.config = AcdConfig(opens=datetime(2026, 1, 1, 8, 0).time(),
                              closes=datetime(2026, 1, 1, 9, 0).time())
    assert center.call_in("c1", "billing") == "night"  # 10:00 in Shanghai


def test_a_desk_that_went_away_makes_the_agent_not_ready_and_frees_the_call(
        center: Center) -> None:
    set_state(center.engine, "agent05", since=START)
    with Session(center.engine) as db, db.begin():
        db.execute(update(Agent).where(Agent.username == "agent05").values(desk_seen_at=START))
    center.call_in("c1", "billing")
    center.acd.tick()
    assert center.offered_to("c1") == "agent05"
    center.clock.advance(9)
    assert center.acd.tick().desks_gone == []
    center.clock.advance(2)  # no heartbeat for 11 s
    center.acd.tick()
    assert (center.agent("agent05").state, center.agent("agent05").state_reason) == (
        "break", "desk_gone")
    assert center.entry("c1").status == "waiting"


def test_when_the_head_of_the_queue_cannot_be_served_the_rest_of_the_queue_is_looked_at(
        center: Center, monkeypatch: pytest.MonkeyPatch) -> None:
    import backoffice.acd.dispatcher as dispatcher_module

    monkeypatch.setattr(dispatcher_module, "HEAD_PER_FREE_AGENT", 0)
    monkeypatch.setattr(dispatcher_module, "HEAD_MINIMUM", 1)  # the head is one call
    set_state(center.engine, "agent05", since=START)
    center.call_in("first", "billing")
    center.clock.advance(1)
    center.call_in("second", "billing")
    agent05 = center.agent("agent05").id
    with Session(center.engine) as db, db.begin():  # agent05 already missed the first call
        db.execute(update(QueueEntry).where(QueueEntry.call_uuid == "first")
                   .values(missed_agent_ids=[agent05]))
    center.acd.tick()
    assert center.offered_to("second") == "agent05"
    assert center.offered_to("first") is None


def test_maximum_wait_without_a_number_goes_to_night_service(center: Center) -> None:
    set_state(center.engine, "agent01", since=START)
    center.call_in("anon", "faults", number="")
    center.clock.advance(601)
    center.acd.tick()
    assert center.entry("anon").status == "abandoned"
    assert [(c.call_uuid, c.detail) for c in center.switch.named("transfer")] == [
        ("anon", ("callcenter_night",))]
    assert center.switch.named("hangup") == []
