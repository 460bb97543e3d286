"""PIN digits never leave as text; the optional satisfaction survey."""

from __future__ import annotations

import logging

import pytest

from fs_scripts.backoffice_port import PinResult, SecretDigits
from fs_scripts.flows import FlowConfig, result
from tests.unit.flows.fake_backoffice import PIN, FakeBackOffice
from tests.unit.flows.support import call

NEW_PIN = "314159"


def test_secret_digits_never_show_in_str_repr_or_format() -> None:
    secret = SecretDigits(PIN)

    assert PIN not in str(secret) + repr(secret) + f"{secret}" + repr([secret])
    assert secret.reveal() == PIN
    assert secret == SecretDigits(PIN) and len(secret) == 6


def test_the_identity_token_is_not_in_a_pin_results_repr() -> None:
    assert "tok" not in repr(PinResult("ok", 5, token="token-123"))


def test_pins_reach_no_transcript_request_log_agent_context_or_report(
    caplog: pytest.LogCaptureFixture,
) -> None:
    office = FakeBackOffice()
    office.go_down("change_pin")  # fail over after the PINs were keyed: logs and fallback run
    with caplog.at_level(logging.DEBUG):
        played = call(["5", "1", PIN + "#", NEW_PIN + "#", NEW_PIN + "#"], backoffice=office)

    visible = "\n".join(
        [
            *played.channel.transcript(),
            repr(office.requests),
            repr(played.result),
            *(record.getMessage() for record in caplog.records),
        ]
    )
    assert played.channel.transfers  # the fallback happened
    assert PIN not in visible and NEW_PIN not in visible


def test_the_agent_context_has_no_pin_and_no_token() -> None:
    played = call(["2", "1", PIN + "#", "0"])

    context = repr(played.queued["context"])
    assert PIN not in context
    assert "token" not in context
    assert played.queued["context"]["verified_number"] == "13800000001"
    assert played.queued["context"]["heard"] == ["balance", "bill"]


def test_given_survey_on_when_a_served_caller_leaves_then_score_is_asked_and_kept() -> None:
    office = FakeBackOffice()

    played = call(["1", "1", None, "5"], backoffice=office, config=FlowConfig(survey=True))

    assert played.heard[-3:] == ["menu/repeat_or_back", "survey/ask", "survey/thanks"]
    assert "ivr/goodbye" not in played.heard  # the thanks says goodbye
    assert office.calls_to("submit_survey") == [{"call_id": "call-1", "score": 5}]
    assert played.result.outcome == result.GOODBYE
    assert played.channel.hung_up is True


def test_a_survey_without_an_answer_still_ends_with_goodbye() -> None:
    played = call(["1", "1", None, None, "9"], config=FlowConfig(survey=True))

    assert played.heard[-3:] == ["survey/ask", "survey/ask", "ivr/goodbye"]
    assert played.backoffice.calls_to("submit_survey") == []


def test_no_survey_for_a_caller_the_menus_did_not_serve() -> None:
    played = call(["2", "1", "111111#", "222222#"], config=FlowConfig(survey=True))

    assert "survey/ask" not in played.heard


def test_a_lost_survey_answer_does_not_disturb_the_goodbye() -> None:
    office = FakeBackOffice()
    office.go_down("submit_survey")

    played = call(["1", "1", None, "4"], backoffice=office, config=FlowConfig(survey=True))

    assert played.heard[-1] == "survey/thanks"
    assert played.result.outcome == result.GOODBYE
