"""The back office down, a bad queue destination, a bug: apology, fallback queue, no crash."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest

from fs_scripts.backoffice_port import BackOfficeUnavailable
from fs_scripts.flows import BUILTIN_FLOW, FlowConfig, result, run_call
from fs_scripts.flows.scripted import ScriptedChannel
from tests.unit.flows.fake_backoffice import CUSTOMER, PIN, FakeBackOffice
from tests.unit.flows.support import call

FALLBACK = FlowConfig().fallback_destination


def test_given_back_office_down_at_the_start_then_apology_and_fallback_queue() -> None:
    office = FakeBackOffice()
    office.go_down()

    played = call(["2", "1"], backoffice=office)

    assert played.heard == ["ivr/system_unavailable"]
    assert played.channel.transfers == [FALLBACK]
    assert played.result.outcome == result.FALLBACK
    assert played.result.contained is False


def test_given_back_office_down_during_an_action_then_apology_and_fallback_queue() -> None:
    office = FakeBackOffice()
    office.go_down("balance")

    played = call(["2", "1", PIN + "#", None], backoffice=office)

    assert played.heard[-1] == "ivr/system_unavailable"
    assert played.channel.transfers == [FALLBACK]
    assert played.result.path[-1] == "fallback:backoffice_down"


def test_given_the_queue_cannot_be_reached_then_the_fallback_queue_is_used() -> None:
    office = FakeBackOffice()
    office.go_down("enqueue")

    played = call(["0"], backoffice=office)

    assert played.heard[-2:] == ["ivr/transfer_agent", "ivr/system_unavailable"]
    assert played.channel.transfers == [FALLBACK]


def test_the_fallback_destination_comes_from_configuration() -> None:
    office = FakeBackOffice()
    office.go_down()

    played = call([], backoffice=office, config=FlowConfig(fallback_destination="night_desk"))

    assert played.channel.transfers == ["night_desk"]


def test_an_unsafe_configured_fallback_destination_is_refused_at_start() -> None:
    with pytest.raises(ValueError):
        FlowConfig(fallback_destination="queue XML default; hangup")


def test_given_an_unusable_queue_destination_then_the_fallback_is_used_instead() -> None:
    office = FakeBackOffice()
    office.queue_destination = "sofia/gateway/evil/0099123"

    played = call(["0"], backoffice=office)

    assert played.channel.transfers == [FALLBACK]
    assert played.result.outcome == result.FALLBACK


def test_given_a_bug_in_an_action_then_the_caller_still_reaches_an_agent(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    office = FakeBackOffice()

    def broken(token: str) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(office, "balance", broken)
    with caplog.at_level(logging.ERROR):
        played = call(["2", "1", PIN + "#"], backoffice=office)

    assert played.channel.transfers == [FALLBACK]
    assert played.result.path[-1] == "fallback:error"
    assert any("flow failed" in record.getMessage() for record in caplog.records)


def test_when_saving_the_language_fails_the_call_goes_on() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].language = None
    office.go_down("set_language")

    played = call(["2", "0"], backoffice=office)

    assert played.result.language == "en"
    assert played.channel.transfers == [office.queue_destination]


def test_when_reporting_the_outcome_fails_run_call_still_returns() -> None:
    office = FakeBackOffice()
    office.go_down("report_outcome")

    played = call(["1", "1", None], backoffice=office)

    assert played.result.outcome == result.GOODBYE
    assert played.result.contained is True


class HangsUpOnFirstPrompt(ScriptedChannel):
    def play(self, prompt_ids: Sequence[str]) -> bool:
        super().play(prompt_ids)
        self.hangup()
        return False


def test_when_the_caller_hangs_up_during_the_apology_nothing_is_transferred() -> None:
    office = FakeBackOffice()
    office.go_down()
    channel = HangsUpOnFirstPrompt([], caller_number=CUSTOMER)

    outcome = run_call(channel, office, flow=BUILTIN_FLOW)

    assert channel.heard() == ["ivr/system_unavailable"]
    assert channel.transfers == []
    assert outcome.outcome == result.HANGUP


def test_back_office_unavailable_is_one_exception_type() -> None:
    assert issubclass(BackOfficeUnavailable, Exception)
    assert not issubclass(BackOfficeUnavailable, (ValueError, KeyError))
