"""Reading the switch's state and reconciling the queue with it after a reconnect."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from backoffice.acd.switch_port import SwitchError
from backoffice.esl.connection import EslConnection
from backoffice.esl.endpoints import AgentEndpoints
from backoffice.esl.reconcile import OrphanCall, QueueBeliefs, ReconcilePlan, reconcile
from backoffice.esl.snapshot import (
    QUEUE_SKILL_VARIABLE,
    Registration,
    SwitchChannel,
    SwitchSnapshot,
    parse_show_channels,
    parse_show_registrations,
    read_snapshot,
)

from . import transcripts
from .conftest import eventually
from .fake_esl_server import FakeChannel, FakeEslServer

WAITING = "11111111-2222-3333-4444-555555555555"
ARRIVED = "22222222-2222-3333-4444-555555555555"
LEG = "33333333-2222-3333-4444-555555555555"
ENDPOINTS = AgentEndpoints(
    {"1001": "user/1001", "1002": "user/1002@pbx.example", "9": "sofia/gateway/x/9"}
)


def _captured_api_bodies(name: str, command: str) -> list[str]:
    captured = transcripts.blocks(name)
    return [
        transcripts.frames(answer.data)[0].body.decode()
        for sent, answer in itertools.pairwise(captured)
        if sent.data == f"api {command}\n\n".encode()
    ]


def test_show_channels_from_the_capture_lists_both_legs() -> None:
    (body,) = _captured_api_bodies(transcripts.JSON_EVENTS, "show channels as json")

    channels = parse_show_channels(body)

    assert [(c.uuid, c.application) for c in channels] == [
        (WAITING, "park"),
        ("004c5ee3-31b7-4c11-b89b-3fc36d5fea26", "python"),
    ]
    assert channels[0].destination == "7000"


def test_zero_rows_come_without_a_rows_key() -> None:
    (body,) = _captured_api_bodies(transcripts.AUTH_AND_PLAIN, "show channels as json")
    assert body == '{"row_count": 0}\n'
    assert parse_show_channels(body) == []
    assert parse_show_registrations(body) == []


def test_a_failed_show_is_an_error_not_an_empty_switch() -> None:
    with pytest.raises(SwitchError):
        parse_show_channels("-ERR no reply\n")


def test_read_snapshot_over_the_wire_reads_each_channels_queue_skill(
    fake: FakeEslServer, connect: Callable[..., EslConnection]
) -> None:
    connection = connect()
    fake.add_channel(
        FakeChannel(
            WAITING, caller_number="13800000000", variables={QUEUE_SKILL_VARIABLE: "billing"}
        )
    )
    fake.add_channel(FakeChannel(LEG, caller_number="1001"))
    fake.register("1001")

    snapshot = read_snapshot(connection.api)

    assert snapshot.channels == (
        SwitchChannel(WAITING, "13800000000", "10000", "park", "billing"),
        SwitchChannel(LEG, "1001", "10000", "park", None),
    )
    assert snapshot.registrations == (Registration("1001", "127.0.0.1"),)
    assert fake.command_texts("api uuid_getvar") == [
        f"api uuid_getvar {WAITING} {QUEUE_SKILL_VARIABLE}",
        f"api uuid_getvar {LEG} {QUEUE_SKILL_VARIABLE}",
    ]


def _snapshot(
    *channels: SwitchChannel, registered: tuple[Registration, ...] = ()
) -> SwitchSnapshot:
    return SwitchSnapshot(tuple(channels), registered)


def test_a_waiting_call_gone_from_the_switch_is_abandoned() -> None:
    plan = reconcile(_snapshot(), QueueBeliefs(frozenset({WAITING})), ENDPOINTS)
    assert plan.abandoned == (WAITING,)
    assert plan.calls_to_fix == 1


def test_an_unknown_caller_marked_for_the_queue_is_reenqueued_and_other_channels_are_not() -> None:
    snapshot = _snapshot(
        SwitchChannel(WAITING, "13800000000", "10000", "python", "billing"),
        SwitchChannel(ARRIVED, "13900000000", "10000", "park", "faults"),
        SwitchChannel("44444444-2222-3333-4444-555555555555", "1001", "1001", "park", None),
    )

    plan = reconcile(snapshot, QueueBeliefs(frozenset({WAITING})), ENDPOINTS)

    assert plan.reenqueue == (OrphanCall(ARRIVED, "13900000000", "faults"),)
    assert plan.abandoned == ()


def test_an_offer_whose_agent_leg_vanished_goes_back_to_the_queue() -> None:
    snapshot = _snapshot(SwitchChannel(WAITING, "13800000000", "10000", "python", "billing"))

    plan = reconcile(snapshot, QueueBeliefs(frozenset({WAITING}), {WAITING: LEG}), ENDPOINTS)

    assert plan.lost_offers == (WAITING,)
    assert plan.reenqueue == ()


def test_agents_are_split_by_registration_honouring_a_configured_domain() -> None:
    registered = (Registration("1001", "127.0.0.1"), Registration("1002", "other.example"))

    plan = reconcile(_snapshot(registered=registered), QueueBeliefs(frozenset()), ENDPOINTS)

    assert plan.registered_agents == {"1001"}
    assert plan.unregistered_agents == {"1002"}  # registered, but in another domain
    # "9" dials a gateway: registration says nothing about it


def test_given_a_drop_mid_queue_when_reconnected_then_the_hook_finds_what_changed_meanwhile(
    fake: FakeEslServer, connect: Callable[..., EslConnection]
) -> None:
    """The queue holds WAITING; while the socket is down WAITING hangs up (its event is lost)
    and ARRIVED joins the queue. The on_connected hook's reconcile catches both."""
    plans: list[ReconcilePlan] = []
    beliefs = QueueBeliefs(frozenset({WAITING}))

    def reconcile_on_connect(connection: EslConnection) -> None:
        plans.append(reconcile(read_snapshot(connection.api), beliefs, ENDPOINTS))

    fake.add_channel(FakeChannel(WAITING, variables={QUEUE_SKILL_VARIABLE: "billing"}))
    fake.register("1001")
    connection = connect(on_connected=reconcile_on_connect)
    eventually(lambda: len(plans) == 1, what="first reconcile")
    assert plans[0].calls_to_fix == 0 and plans[0].registered_agents == {"1001"}

    fake.refuse_connections()
    fake.drop_connections()
    eventually(lambda: not connection.connected, what="connection lost")
    fake.hang_up(WAITING)
    fake.park_call(
        FakeChannel(
            ARRIVED, caller_number="13900000000", variables={QUEUE_SKILL_VARIABLE: "faults"}
        )
    )
    fake.unregister("1001")
    fake.refuse_connections(False)

    eventually(lambda: len(plans) == 2, what="reconcile after reconnect")
    assert plans[1].abandoned == (WAITING,)
    assert plans[1].reenqueue == (OrphanCall(ARRIVED, "13900000000", "faults"),)
    assert plans[1].unregistered_agents == {"1001", "1002"}
