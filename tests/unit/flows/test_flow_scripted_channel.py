"""The scripted caller behaves like FreeSWITCH's playAndGetDigits for one try."""

from __future__ import annotations

import pytest

from fs_scripts.channel import Channel, split_prompt
from fs_scripts.flows.scripted import HANGUP, TIMEOUT, ScriptedChannel, UnknownPrompt


def test_it_is_a_channel() -> None:
    assert isinstance(ScriptedChannel([]), Channel)


def test_digits_stop_at_the_terminator_and_at_max_digits() -> None:
    channel = ScriptedChannel(["123#9", "1234567", "#", TIMEOUT, "*"])

    assert channel.collect(["pin/enter"], max_digits=6) == "123"
    assert channel.collect(["pin/enter"], max_digits=6) == "123456"
    assert channel.collect(["pin/enter"], max_digits=6) == "#"
    assert channel.collect(["pin/enter"], max_digits=6) == ""
    assert channel.collect(["menu/main"], terminators="") == "*"


def test_without_terminators_hash_is_an_ordinary_key() -> None:
    channel = ScriptedChannel(["#"])

    assert channel.collect(["menu/main"], terminators="") == "#"


def test_the_end_of_the_script_hangs_up() -> None:
    channel = ScriptedChannel(["1"])
    channel.collect(["menu/main"])

    assert channel.collect(["menu/main"]) == ""
    assert channel.ready() is False
    assert channel.play(["ivr/goodbye"]) is False
    assert channel.transcript()[-1] == "hangup"


def test_an_explicit_hangup_item_hangs_up() -> None:
    channel = ScriptedChannel([HANGUP, "1"])

    assert channel.collect(["menu/main"]) == ""
    assert channel.hung_up is True


def test_from_keys_reads_the_simulator_syntax() -> None:
    channel = ScriptedChannel.from_keys("2, 1,,123456#", caller_number="13800000001")

    assert channel.keys_left == ["2", "1", None, "123456#"]
    assert channel.caller_number == "13800000001"


def test_secret_entries_are_masked_in_the_transcript() -> None:
    channel = ScriptedChannel(["246810#"])

    assert channel.collect(["pin/enter"], max_digits=6, secret=True) == "246810"
    assert "246810" not in "\n".join(channel.transcript())
    assert channel.events[-1].keys == "******"


def test_prompts_are_recorded_with_their_language() -> None:
    channel = ScriptedChannel([], language="en")
    channel.play(["ivr/choose_language@zh", "menu/main"])

    assert channel.heard_with_language() == [("ivr/choose_language", "zh"), ("menu/main", "en")]
    assert channel.transcript() == ["play    zh:ivr/choose_language en:menu/main"]


def test_a_transfer_ends_the_call_for_the_flow() -> None:
    channel = ScriptedChannel(["1"])
    channel.transfer("acd_queue")

    assert channel.ready() is False
    assert channel.transfers == ["acd_queue"]


def test_unknown_prompt_ids_are_caught_when_a_catalogue_is_given() -> None:
    channel = ScriptedChannel([], known_prompts={"menu/main"})

    with pytest.raises(UnknownPrompt):
        channel.play(["menu/mian"])


def test_events_are_passed_to_a_listener_as_they_happen() -> None:
    seen: list[str] = []
    channel = ScriptedChannel(["1"], on_event=lambda event: seen.append(event.describe()))
    channel.collect(["menu/main"])

    assert seen == ["collect zh:menu/main -> '1'"]


def test_split_prompt_only_accepts_known_languages() -> None:
    assert split_prompt("menu/main@en", "zh") == ("menu/main", "en")
    assert split_prompt("menu/main", "en") == ("menu/main", "en")
    assert split_prompt("menu/main@fr", "zh") == ("menu/main@fr", "zh")
