"""EslSwitch drives the fake switch over the wire exactly as the ACD's Switch port promises."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from backoffice.acd.switch_port import (
    AgentUnreachable,
    CallGone,
    Switch,
    SwitchError,
    SwitchUnavailable,
    UnknownAgentEndpoint,
)
from backoffice.esl.connection import EslConnection
from backoffice.esl.endpoints import AgentEndpoints
from backoffice.esl.events import ChannelAnswer, ChannelBridge, ChannelCreate, ChannelHangup
from backoffice.esl.switch_adapter import OFFER_CALL_VARIABLE, EslSwitch

from .conftest import Recorder, eventually
from .fake_esl_server import FakeChannel, FakeEslServer

CALLER = "11111111-2222-3333-4444-555555555555"
ENDPOINTS = {"1001": "user/1001", "1002": "user/1002@127.0.0.1"}


@pytest.fixture
def connection(connect: Callable[..., EslConnection]) -> EslConnection:
    return connect()


@pytest.fixture
def switch(connection: EslConnection) -> EslSwitch:
    return EslSwitch(
        connection,
        ENDPOINTS,
        callback_dial_template="sofia/gateway/pstn/{number}",
        offer_setup_timeout_s=2.0,
    )


@pytest.fixture
def waiting_caller(fake: FakeEslServer) -> Iterator[FakeChannel]:
    caller = FakeChannel(CALLER, caller_number="13800000000")
    fake.add_channel(caller)
    yield caller


def test_the_adapter_implements_the_switch_port(switch: EslSwitch) -> None:
    assert isinstance(switch, Switch)


def test_given_a_registered_agent_when_offered_then_the_leg_is_originated_for_that_call(
    fake: FakeEslServer, switch: EslSwitch, recorder: Recorder, waiting_caller: FakeChannel
) -> None:
    fake.register("1001")

    leg_uuid = switch.offer_to_agent(CALLER, "1001", caller_id="13800000000", timeout_s=15)

    (originate,) = fake.command_texts("bgapi originate")
    assert originate == (
        f"bgapi originate {{origination_uuid={leg_uuid},originate_timeout=15,"
        f"origination_caller_id_number=13800000000,origination_caller_id_name=13800000000,"
        f"{OFFER_CALL_VARIABLE}={CALLER}}}user/1001 &park()"
    )
    assert fake.channel(leg_uuid) is not None
    eventually(
        lambda: any(isinstance(e, ChannelAnswer) and e.uuid == leg_uuid for e in recorder.events)
    )
    create = next(e for e in recorder.events if isinstance(e, ChannelCreate))
    assert create.variables[OFFER_CALL_VARIABLE] == CALLER


def test_given_an_unregistered_agent_when_offered_then_agent_unreachable(
    fake: FakeEslServer, switch: EslSwitch, waiting_caller: FakeChannel
) -> None:
    with pytest.raises(AgentUnreachable) as unreachable:
        switch.offer_to_agent(CALLER, "1001", caller_id="13800000000", timeout_s=15)

    assert unreachable.value.cause == "USER_NOT_REGISTERED"
    assert unreachable.value.agent_endpoint == "1001"
    assert unreachable.value.error_id == "agent_unreachable"


def test_given_a_phone_that_rings_without_answer_when_offered_then_the_leg_is_returned_at_once(
    fake: FakeEslServer, switch: EslSwitch, recorder: Recorder, waiting_caller: FakeChannel
) -> None:
    fake.register("1002", answers=False)  # the job result will never come

    leg_uuid = switch.offer_to_agent(CALLER, "1002", caller_id="13800000000", timeout_s=15)

    assert fake.channel(leg_uuid) is not None
    assert "}user/1002@127.0.0.1 &park()" in fake.command_texts("bgapi originate")[0]
    assert not recorder.of_type(ChannelAnswer)


def test_an_agent_without_configured_endpoint_is_never_dialed(
    fake: FakeEslServer, switch: EslSwitch
) -> None:
    with pytest.raises(UnknownAgentEndpoint):
        switch.offer_to_agent(CALLER, "user/666", caller_id="13800000000", timeout_s=15)
    assert fake.command_texts("bgapi") == []


def test_caller_input_cannot_reach_the_dial_string(
    fake: FakeEslServer, switch: EslSwitch, waiting_caller: FakeChannel
) -> None:
    fake.register("1001")

    switch.offer_to_agent(
        CALLER, "1001", caller_id="1,origination_uuid=x}sofia/gw/evil &bridge(", timeout_s=15
    )

    (originate,) = fake.command_texts("bgapi originate")
    # "evil" cannot occur by chance (the leg's own uuid is hex), "666" once did
    assert "evil" not in originate and "bridge(" not in originate
    assert "origination_caller_id_number=anonymous" in originate


@pytest.mark.parametrize(
    "bad_uuid", ["not-a-uuid", f"{CALLER}\n\napi hupall", f"{CALLER} both", ""]
)
def test_malformed_call_uuids_are_refused_before_any_command(
    fake: FakeEslServer, switch: EslSwitch, bad_uuid: str
) -> None:
    with pytest.raises(ValueError):
        switch.hangup(bad_uuid)
    with pytest.raises(ValueError):
        switch.bridge(CALLER, bad_uuid)
    assert fake.command_texts("api uuid") == []


def test_bridge_connects_the_caller_to_the_answered_leg(
    fake: FakeEslServer, switch: EslSwitch, recorder: Recorder, waiting_caller: FakeChannel
) -> None:
    fake.register("1001")
    leg_uuid = switch.offer_to_agent(CALLER, "1001", caller_id="13800000000", timeout_s=15)

    switch.bridge(CALLER, leg_uuid)

    assert fake.command_texts("api uuid_bridge") == [f"api uuid_bridge {CALLER} {leg_uuid}"]
    eventually(lambda: ChannelBridge(CALLER, leg_uuid) in recorder.events)


def test_given_the_caller_hung_up_when_bridging_then_call_gone(
    fake: FakeEslServer, switch: EslSwitch, waiting_caller: FakeChannel
) -> None:
    fake.register("1001")
    leg_uuid = switch.offer_to_agent(CALLER, "1001", caller_id="13800000000", timeout_s=15)
    fake.hang_up(CALLER)

    with pytest.raises(CallGone):
        switch.bridge(CALLER, leg_uuid)


def test_announce_plays_one_or_several_prompts_over_the_hold_music(
    fake: FakeEslServer, switch: EslSwitch, waiting_caller: FakeChannel
) -> None:
    switch.announce(CALLER, ["/srv/sounds/zh/queue_position.wav"])
    switch.announce(CALLER, ["/srv/sounds/zh/you_are.wav", "/srv/sounds/zh/digits/3.wav"])

    assert fake.command_texts("api uuid_broadcast") == [
        f"api uuid_broadcast {CALLER} /srv/sounds/zh/queue_position.wav aleg",
        f"api uuid_broadcast {CALLER} file_string:///srv/sounds/zh/you_are.wav!/srv/sounds/zh/digits/3.wav aleg",  # noqa: E501
    ]
    with pytest.raises(ValueError):
        switch.announce(CALLER, ["/srv/sounds/a b.wav"])
    with pytest.raises(ValueError):
        switch.announce(CALLER, [])


def test_transfer_hold_and_hangup_use_their_uuid_commands(
    fake: FakeEslServer, switch: EslSwitch, recorder: Recorder, waiting_caller: FakeChannel
) -> None:
    switch.hold(CALLER)
    switch.transfer(CALLER, "voicemail")
    switch.hangup(CALLER, "NORMAL_CLEARING")

    assert fake.command_texts("api uuid_") == [
        f"api uuid_transfer {CALLER} endless_playback:local_stream://moh inline",
        f"api uuid_transfer {CALLER} voicemail XML default",
        f"api uuid_kill {CALLER} NORMAL_CLEARING",
    ]
    eventually(lambda: recorder.of_type(ChannelHangup))
    with pytest.raises(CallGone):
        switch.hangup(CALLER)
    with pytest.raises(CallGone):
        switch.transfer(CALLER, "voicemail")
    with pytest.raises(ValueError):
        switch.transfer(CALLER, "voicemail XML public")
    with pytest.raises(ValueError):
        switch.hangup(CALLER, "normal clearing")


def test_callback_rings_the_agent_then_bridges_to_the_customer(
    fake: FakeEslServer, switch: EslSwitch
) -> None:
    fake.register("1001")

    leg_uuid = switch.originate_callback("13800000000", "1001", caller_id="10000", timeout_s=20)

    (originate,) = fake.command_texts("bgapi originate")
    assert originate.startswith(
        f"bgapi originate {{origination_uuid={leg_uuid},originate_timeout=20,"
    )
    assert originate.endswith(
        "}user/1001 &bridge({origination_caller_id_number=10000}sofia/gateway/pstn/13800000000)"
    )
    with pytest.raises(ValueError):
        switch.originate_callback("138 0000", "1001", caller_id="10000", timeout_s=20)


def test_callbacks_are_refused_when_no_dial_template_is_configured(
    connection: EslConnection,
) -> None:
    with pytest.raises(SwitchError):
        EslSwitch(connection, ENDPOINTS).originate_callback("13800000000", "1001", "10000", 20)


def test_given_no_connection_when_commanding_then_switch_unavailable(
    connection: EslConnection, switch: EslSwitch
) -> None:
    connection.stop()

    with pytest.raises(SwitchUnavailable):
        switch.hangup(CALLER)
    with pytest.raises(SwitchUnavailable):
        switch.offer_to_agent(CALLER, "1001", caller_id="13800000000", timeout_s=15)


@pytest.mark.parametrize(
    "dial_string",
    ["user/1001 &bridge(sofia/gw/x)", "user/1001,origination_uuid=x", "{a=b}user/1001", "1001", ""],
)
def test_unsafe_configured_dial_strings_are_refused_at_start(dial_string: str) -> None:
    with pytest.raises(ValueError):
        AgentEndpoints({"1001": dial_string})
