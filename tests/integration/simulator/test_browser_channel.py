"""`BrowserChannel` on its own: keys, timeouts like a phone, and no PIN in any event."""

from __future__ import annotations

import time

import pytest

from backoffice.simulator.browser_channel import BrowserChannel, CallOver
from backoffice.simulator.events import EventLog
from backoffice.simulator.prompt_media import caption_pieces, describe
from fs_scripts import prompts
from fs_scripts.channel import Channel


def channel(pace_audio: bool = False) -> BrowserChannel:
    return BrowserChannel("sim-test", "13800000001", EventLog(), pace_audio=pace_audio)


def types(phone: BrowserChannel) -> list[str]:
    return [event["type"] for event in phone.events.all()]


def test_it_is_a_channel() -> None:
    assert isinstance(channel(), Channel)


def test_given_keys_pressed_ahead_when_collecting_then_they_are_used_in_order() -> None:
    phone = channel()
    phone.press("21")

    assert phone.collect(["menu/main"]) == "2"
    assert phone.collect(["menu/query"]) == "1"


@pytest.mark.parametrize("presses", [["135790#"], ["135790", "#"]])
def test_given_a_six_digit_entry_then_the_hash_after_it_is_not_typed_ahead(
        presses: list[str]) -> None:
    phone = channel()
    phone.press(presses[0])
    assert phone.collect(["pin/enter"], max_digits=6, secret=True) == "135790"

    for keys in presses[1:]:
        phone.press(keys)  # pressed just after the entry completed: still part of it
    phone.press("3")
    assert phone.collect(["menu/main"], timeout_ms=50) == "3"


def test_terminators_end_an_entry_and_alone_are_returned_as_themselves() -> None:
    phone = channel()
    phone.press("123#")
    assert phone.collect(["flow/enter_your_number"], max_digits=20) == "123"
    phone.press("#")
    assert phone.collect(["flow/enter_your_number"], max_digits=20) == "#"
    phone.press("#")
    assert phone.collect(["menu/main"], terminators="") == "#"


def test_given_silence_then_collect_times_out_with_nothing() -> None:
    phone = channel()

    assert phone.collect(["menu/main"], timeout_ms=50) == ""
    assert phone.events.all()[-1] == {"seq": 2, "type": "input", "collect": 1, "keys": ""}


def test_given_a_pause_between_digits_then_the_digits_so_far_are_returned() -> None:
    phone = channel()
    phone.press("12")

    assert phone.collect(["pin/enter"], max_digits=6, digit_timeout_ms=50) == "12"


def test_the_timeout_counts_from_the_end_of_the_prompts_like_a_phone() -> None:
    phone = channel(pace_audio=True)
    (prompt,) = describe(["digits/1"], "zh")
    started = time.monotonic()

    assert phone.collect(["digits/1"], timeout_ms=50) == ""

    assert time.monotonic() - started >= (prompt.duration_ms + 50) / 1000


def test_a_secret_entry_is_masked_in_its_event() -> None:
    phone = channel()
    phone.press("135790")

    phone.collect(["pin/enter"], max_digits=6, secret=True)

    collect, entered = phone.events.all()
    assert collect["secret"] is True
    assert entered["keys"] == "******"
    assert "135790" not in repr(phone.events.all())


def test_after_a_transfer_the_call_takes_no_keys_and_plays_nothing() -> None:
    phone = channel()
    phone.transfer("callcenter_queue")

    assert not phone.ready()
    assert phone.play(["ivr/goodbye"]) is False
    assert phone.collect(["menu/main"]) == ""
    with pytest.raises(CallOver):
        phone.press("1")
    assert types(phone) == ["transfer"]


def test_when_the_caller_hangs_up_then_a_waiting_collect_returns_at_once() -> None:
    gone = {"now": False}
    phone = BrowserChannel("sim-test", "", EventLog(), browser_gone=lambda: gone["now"])
    gone["now"] = True
    started = time.monotonic()

    assert phone.collect(["menu/main"], timeout_ms=10_000) == ""

    assert time.monotonic() - started < 2
    assert phone.events.all()[-1]["reason"] == "browser_gone"


def test_play_publishes_each_prompt_with_caption_file_and_length() -> None:
    phone = channel()

    assert phone.play(["balance/is", "digits/5", "money/yuan"]) is True

    (event,) = phone.events.all()
    assert [p["url"] for p in event["prompts"]] == [
        "/simulator/sounds/zh/balance/is.wav", "/simulator/sounds/zh/digits/5.wav",
        "/simulator/sounds/zh/money/yuan.wav"]
    assert all(p["duration_ms"] > 0 for p in event["prompts"])


@pytest.mark.parametrize(("pairs", "lang_of_run"), [
    ([("balance/is", "zh"), ("num/2", "zh"), ("num/shi", "zh"), ("money/yuan", "zh")], "zh"),
    ([("balance/is", "en"), ("num/20", "en"), ("num/3", "en"), ("money/yuan", "en")], "en"),
])
def test_caption_pieces_join_into_the_catalogue_sentence(
        pairs: list[tuple[str, str]], lang_of_run: str) -> None:
    pieces = caption_pieces(pairs)  # type: ignore[arg-type]

    assert len(pieces) == len(pairs)
    expected = prompts.catalogue().sentence([prompt_id for prompt_id, _ in pairs], lang_of_run)
    assert "".join(pieces) == expected


def test_caption_pieces_of_the_bilingual_language_menu_keep_each_language() -> None:
    catalogue = prompts.catalogue()
    pieces = caption_pieces([("ivr/choose_language", "zh"), ("ivr/choose_language", "en")])

    assert pieces == [catalogue.caption("ivr/choose_language", "zh"),
                      " " + catalogue.caption("ivr/choose_language", "en")]
