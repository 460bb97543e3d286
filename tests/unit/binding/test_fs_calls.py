"""Whole calls: the mod_python3 entry drives the real engine through `FreeSwitchChannel`."""

from __future__ import annotations

import logging

import pytest

from fs_scripts import speech
from fs_scripts.flows import result
from tests.unit.binding.fake_freeswitch import HANGUP, TIMEOUT, Switch
from tests.unit.binding.support import call, contains_run, heard, office, switch
from tests.unit.flows.fake_backoffice import CUSTOMER, PIN, QUEUE_DESTINATION, FakeBackOffice

__all__ = ["office", "switch"]  # fixtures

BALANCE = ["2", "1"]


def test_given_the_right_pin_when_asking_the_balance_then_it_is_read_and_the_call_ends_politely(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call([*BALANCE, PIN + "#", TIMEOUT, TIMEOUT, TIMEOUT], caller_number=CUSTOMER)

    assert contains_run(heard(session), ["balance/is", *speech.money(12345, "zh")])
    assert office.calls_to("balance") == [{"token": f"token-{CUSTOMER}"}]
    assert session.hangups  # goodbye, then the IVR hung up
    assert session.variables["callcenter_ivr_outcome"] == result.GOODBYE
    (report,) = office.calls_to("report_outcome")
    assert report["contained"] is True


def test_given_a_hash_alone_at_a_menu_then_the_menu_is_repeated(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call(["#", "0"], caller_number=CUSTOMER)

    assert heard(session).count("menu/main") == 2
    assert [t[0] for t in session.transfers] == [QUEUE_DESTINATION]


def test_given_silence_at_the_main_menu_then_the_caller_hears_we_did_not_hear_you(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call([TIMEOUT, "0"], caller_number=CUSTOMER)

    assert contains_run(heard(session), ["menu/main", "ivr/timeout", "menu/main"])


def test_given_a_caller_who_asks_for_an_agent_then_the_channel_carries_the_skill_to_the_acd(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call(["2", "0"], caller_number=CUSTOMER)

    (queued,) = office.calls_to("enqueue")
    assert session.transfers == [(QUEUE_DESTINATION, "XML", "callcenter")]
    assert session.variables_at_transfer["callcenter_queue_skill"] == queued["skill"]
    assert queued["call_id"] == session.uuid
    assert session.variables["callcenter_ivr_outcome"] == result.AGENT


def test_given_the_caller_hangs_up_mid_prompt_then_the_script_returns_without_touching_the_call(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call(["2"], caller_number=CUSTOMER, hang_up_on_stream=1)

    assert session.calls_after_caller_left() == []
    assert session.transfers == [] and session.hangups == []
    (report,) = office.calls_to("report_outcome")
    assert report["outcome"] == result.HANGUP


def test_given_the_caller_hangs_up_while_a_menu_listens_then_nothing_else_is_played(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call(["2", HANGUP], caller_number=CUSTOMER)

    assert session.calls_after_caller_left() == []
    assert office.calls_to("report_outcome")[0]["outcome"] == result.HANGUP


def test_given_the_back_office_is_down_then_the_caller_hears_an_apology_and_reaches_the_fallback(
    switch: Switch, office: FakeBackOffice
) -> None:
    office.go_down()

    session = call(["1"], caller_number=CUSTOMER)

    assert heard(session)[-1] == "ivr/system_unavailable"
    assert session.transfers == [("agent_fallback", "XML", "callcenter")]
    assert "back office unavailable" in switch.console_text()


def test_given_an_error_inside_the_engine_then_the_caller_is_sent_to_agent_fallback(
    switch: Switch, office: FakeBackOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug in the flow")

    monkeypatch.setattr(office, "balance", broken)

    session = call([*BALANCE, PIN + "#"], caller_number=CUSTOMER)

    assert session.transfers == [("agent_fallback", "XML", "callcenter")]
    assert session.variables["callcenter_ivr_outcome"] == result.FALLBACK


def test_given_pin_digits_when_logging_at_debug_then_they_reach_no_log_and_no_variable(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call([*BALANCE, PIN + "#", TIMEOUT, TIMEOUT, TIMEOUT], caller_number=CUSTOMER)

    console = switch.console_text()
    assert "keys '2'" in console  # ordinary keys are logged at debug level...
    assert PIN not in console  # ...a PIN never is
    assert all(PIN not in value for value in session.variables.values())
    assert office.calls_to("verify_pin")  # the PIN did reach the back office


def test_options_from_the_dialplan_reach_the_engine(switch: Switch, office: FakeBackOffice) -> None:
    session = call(
        ["0"], args="fallback_destination=ivr_fallback context=ivr_ctx", caller_number=CUSTOMER
    )
    office.go_down()
    down = call(
        ["0"], args="fallback_destination=ivr_fallback context=ivr_ctx", caller_number=CUSTOMER
    )

    assert session.transfers == [(QUEUE_DESTINATION, "XML", "ivr_ctx")]
    assert down.transfers == [("ivr_fallback", "XML", "ivr_ctx")]


def test_an_unknown_option_is_reported_and_the_call_goes_on(
    switch: Switch, office: FakeBackOffice
) -> None:
    session = call(["0"], args="colour=blue", caller_number=CUSTOMER)

    assert session.transfers == [(QUEUE_DESTINATION, "XML", "callcenter")]
    assert (
        "warning",
        f"callcenter fs_scripts.entry: call {session.uuid}: option unknown argument 'colour=blue'\n",
    ) in switch.console


def test_the_engine_logs_reach_the_freeswitch_console_at_matching_levels(
    switch: Switch, office: FakeBackOffice
) -> None:
    office.go_down()

    call(["1"], caller_number=CUSTOMER)

    levels = {level for level, message in switch.console if "falling back" in message}
    assert levels == {"warning"}
    assert logging.getLogger("fs_scripts").handlers  # installed by the call
