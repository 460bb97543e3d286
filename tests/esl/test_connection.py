"""EslConnection against the fake switch over real TCP: login, commands, events, reconnects."""

from __future__ import annotations

from collections.abc import Callable

import gevent
import pytest

from backoffice.esl.connection import QUEUE_EVENTS, EslConnection
from backoffice.esl.errors import EslAuthenticationError, EslCommandTimeout, EslNotConnected
from backoffice.esl.events import (
    BackgroundJob,
    ChannelHangup,
    ChannelPark,
    SofiaRegister,
    SofiaUnregister,
)

from .conftest import PASSWORD, Recorder, eventually
from .fake_esl_server import FakeChannel, FakeEslServer

Connect = Callable[..., EslConnection]
CALLER = "11111111-2222-3333-4444-555555555555"
SUBSCRIPTION = "event plain " + " ".join(QUEUE_EVENTS)


def test_given_the_right_password_when_connecting_then_it_logs_in_and_subscribes(
    fake: FakeEslServer, connect: Connect, recorder: Recorder
) -> None:
    connection = connect()

    assert connection.connected
    assert fake.command_texts() == [f"auth {PASSWORD}", SUBSCRIPTION]
    eventually(lambda: recorder.connected_calls == 1, what="on_connected ran once")


def test_given_a_wrong_password_when_connecting_then_it_fails_once_without_retrying(
    fake: FakeEslServer, connect: Connect
) -> None:
    connection = connect(wait=False, password="not-the-password")

    with pytest.raises(EslAuthenticationError) as refused:
        connection.wait_until_connected(timeout_s=3.0)

    assert not connection.is_running  # gave up: no retry storm against the switch
    assert fake.connections_accepted == 1
    assert "not-the-password" not in str(refused.value)
    assert fake.command_texts() == ["auth not-the-password"]


def test_a_connection_needs_a_password() -> None:
    with pytest.raises(ValueError):
        EslConnection("127.0.0.1", 8021, "", handler=lambda event: None)


def test_api_returns_the_switch_text_and_bgapi_result_arrives_as_an_event(
    fake: FakeEslServer, connect: Connect, recorder: Recorder
) -> None:
    connection = connect()

    assert connection.api("status").startswith("UP 0 years")
    assert connection.api("no_such_command") == "-ERR no_such_command Command not found!\n"
    job_uuid = connection.bgapi("status")

    eventually(lambda: recorder.of_type(BackgroundJob), what="background job event")
    (job,) = recorder.of_type(BackgroundJob)
    assert (job.job_uuid, job.command) == (job_uuid, "status")
    assert job.result.startswith("UP 0 years")


def test_a_command_with_a_line_break_is_refused_before_it_reaches_the_switch(
    fake: FakeEslServer, connect: Connect
) -> None:
    connection = connect()
    with pytest.raises(ValueError):
        connection.api("status\n\napi hupall")
    assert fake.command_texts("api") == []


@pytest.mark.parametrize("event_format", ["plain", "json"])
def test_events_reach_the_handler_parsed_in_either_format(
    fake: FakeEslServer, connect: Connect, recorder: Recorder, event_format: str
) -> None:
    connect(event_format=event_format)
    assert fake.command_texts("event ") == [f"event {event_format} " + " ".join(QUEUE_EVENTS)]

    fake.park_call(
        FakeChannel(
            CALLER, caller_number="13800000000", variables={"callcenter_queue_skill": "billing"}
        )
    )
    fake.hang_up(CALLER, cause="ORIGINATOR_CANCEL")

    eventually(lambda: len(recorder.events) == 2, what="park and hangup")
    park, hangup = recorder.events
    assert isinstance(park, ChannelPark)
    assert (park.uuid, park.caller_number) == (CALLER, "13800000000")
    assert park.variables["callcenter_queue_skill"] == "billing"
    assert isinstance(hangup, ChannelHangup)
    assert (hangup.uuid, hangup.cause) == (CALLER, "ORIGINATOR_CANCEL")


def test_registration_events_reach_the_handler(
    fake: FakeEslServer, connect: Connect, recorder: Recorder
) -> None:
    connect()

    fake.register("1001")
    fake.unregister("1001")

    eventually(lambda: len(recorder.events) == 2, what="register and unregister")
    assert isinstance(recorder.events[0], SofiaRegister) and recorder.events[0].user == "1001"
    assert isinstance(recorder.events[1], SofiaUnregister) and recorder.events[1].user == "1001"


def test_given_a_dropped_socket_when_the_switch_is_back_then_it_resubscribes_reconciles_and_gets_events(
    fake: FakeEslServer, connect: Connect, recorder: Recorder
) -> None:
    connection = connect()
    fake.park_call(FakeChannel(CALLER))
    eventually(lambda: recorder.of_type(ChannelPark) and recorder.connected_calls == 1)

    fake.drop_connections()

    eventually(lambda: connection.sessions_started == 2, what="second session")
    assert fake.command_texts("event ") == [SUBSCRIPTION, SUBSCRIPTION]
    assert fake.command_texts("auth ") == [f"auth {PASSWORD}"] * 2
    eventually(lambda: recorder.connected_calls == 2, what="on_connected ran again")
    fake.hang_up(CALLER)
    eventually(lambda: recorder.of_type(ChannelHangup), what="event after reconnect")


def test_given_the_switch_down_for_a_while_then_it_keeps_retrying_until_it_is_back(
    fake: FakeEslServer, connect: Connect, recorder: Recorder
) -> None:
    connection = connect()
    fake.refuse_connections()
    fake.drop_connections()

    eventually(lambda: fake.connections_accepted >= 4, what="several refused attempts")
    assert not connection.connected
    with pytest.raises(EslNotConnected):
        connection.api("status")

    fake.refuse_connections(False)
    eventually(lambda: connection.connected and recorder.connected_calls == 2, what="back")
    assert connection.api("status").startswith("UP")


def test_given_a_command_in_flight_when_the_socket_drops_then_it_fails_fast(
    fake: FakeEslServer, connect: Connect
) -> None:
    connection = connect(command_timeout_s=30.0)
    fake.stall()
    call = gevent.spawn(connection.api, "status")
    eventually(lambda: fake.command_texts("api status"), what="command sent")

    fake.drop_connections()

    call.join(timeout=3.0)
    assert call.dead
    assert isinstance(call.exception, EslNotConnected)


def test_given_a_hung_switch_when_the_heartbeat_gets_no_answer_then_it_reconnects(
    fake: FakeEslServer, connect: Connect, recorder: Recorder
) -> None:
    connection = connect(heartbeat_interval_s=0.05, command_timeout_s=0.2, connect_timeout_s=0.3)
    fake.stall()

    eventually(lambda: fake.connections_accepted >= 2, what="gave up on the silent session")
    with pytest.raises((EslNotConnected, EslCommandTimeout)):
        connection.api("status")

    fake.stall(False)
    eventually(lambda: connection.connected and recorder.connected_calls == 2, what="reconnected")


def test_a_failing_handler_or_hook_does_not_stop_later_events(
    fake: FakeEslServer, connect: Connect
) -> None:
    seen: list[object] = []

    def fragile_handler(event: object) -> None:
        seen.append(event)
        if len(seen) == 1:
            raise RuntimeError("bug in the queue")

    def broken_hook(connection: EslConnection) -> None:
        raise RuntimeError("reconcile failed")

    connect(handler=fragile_handler, on_connected=broken_hook)
    fake.register("1001")
    fake.register("1002")

    eventually(lambda: len(seen) == 2, what="second event after the failure")


def test_the_hook_can_read_the_switch_while_events_keep_flowing(
    fake: FakeEslServer, connect: Connect
) -> None:
    fake.add_channel(FakeChannel(CALLER))
    snapshots: list[str] = []

    connect(
        on_connected=lambda connection: snapshots.append(connection.api("show channels as json"))
    )

    eventually(lambda: snapshots, what="hook ran")
    assert CALLER in snapshots[0]


def test_stop_says_goodbye_and_ends_every_greenlet(fake: FakeEslServer, connect: Connect) -> None:
    connection = connect()

    connection.stop()

    assert not connection.is_running and not connection.connected
    assert fake.command_texts()[-1] == "exit"
    eventually(lambda: fake.live_connections == 0, what="socket closed")
