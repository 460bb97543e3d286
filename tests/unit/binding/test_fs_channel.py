"""`FreeSwitchChannel` against a session that behaves like FreeSWITCH 1.10.12's."""

from __future__ import annotations

import pytest

from fs_scripts import prompts
from fs_scripts.channel import Channel
from fs_scripts.freeswitch_channel import FreeSwitchChannel, TransferFailed
from tests.unit.binding.fake_freeswitch import HANGUP, TIMEOUT, Session

MENU = ["menu/main"]


def channel_for(*keys: str | None, **options: object) -> tuple[FreeSwitchChannel, Session]:
    session = Session(keys, **options)  # type: ignore[arg-type]
    return FreeSwitchChannel(session), session


def test_it_is_a_channel_named_after_the_session() -> None:
    channel, session = channel_for(caller_number="13912345678")

    assert isinstance(channel, Channel)
    assert channel.call_id == session.uuid
    assert channel.caller_number == "13912345678"


def test_a_withheld_caller_id_is_an_empty_number() -> None:
    session = Session()
    session.profile.pop("caller_id_number")

    assert FreeSwitchChannel(session).caller_number == ""


def test_start_answers_only_an_unanswered_call() -> None:
    fresh, fresh_session = channel_for()
    answered, answered_session = channel_for(answered=True)

    fresh.start()
    answered.start()

    assert ("answer", None) in fresh_session.log
    assert ("answer", None) not in answered_session.log


def test_play_streams_each_prompt_file_in_the_channel_language() -> None:
    channel, session = channel_for()
    channel.language = "en"

    assert channel.play(["ivr/welcome", "ivr/choose_language@zh"]) is True

    assert session.streamed == [
        prompts.prompt_path("ivr/welcome", "en"),
        prompts.prompt_path("ivr/choose_language", "zh"),
    ]


def test_play_stops_at_once_when_the_caller_hangs_up_mid_prompt() -> None:
    channel, session = channel_for(hang_up_on_stream=1)

    assert channel.play(["balance/is", "digits/1", "money/yuan"]) is False

    assert len(session.streamed) == 1
    assert channel.ready() is False


def test_an_unknown_prompt_fails_before_anything_plays() -> None:
    channel, session = channel_for()

    with pytest.raises(KeyError):
        channel.play(["ivr/welcome", "no/such_prompt"])

    assert session.streamed == []


def test_collect_asks_the_switch_for_one_try_with_minimum_zero() -> None:
    channel, session = channel_for("1")

    channel.collect(
        ["menu/main", "ivr/timeout"], max_digits=1, timeout_ms=7000, digit_timeout_ms=2000
    )

    (read,) = session.reads
    assert (read.min_digits, read.max_digits, read.max_tries) == (0, 1, 1)
    assert (read.timeout, read.digit_timeout) == (7000, 2000)
    assert read.audio_files == "file_string://" + "!".join(
        [prompts.prompt_path("menu/main", "zh"), prompts.prompt_path("ivr/timeout", "zh")]
    )
    assert read.bad_input_audio_files == "silence_stream://250"
    assert read.digits_regex and read.var_name


@pytest.mark.parametrize(
    ("pressed", "max_digits", "terminators", "expected"),
    [
        ("3", 1, "", "3"),
        ("*", 1, "", "*"),
        ("#", 1, "", "#"),  # a menu's repeat key
        ("#", 1, "#", "#"),  # FreeSWITCH erases this one unless the adapter avoids it
        ("123456#", 6, "#", "123456"),
        ("12#", 6, "#", "12"),
        ("#", 6, "#", "#"),  # "for this line, just press hash"
        ("12*4#", 6, "#", "12*4"),
        ("1234567", 6, "#", "123456"),
        ("98", 6, "#", "98"),  # typed, then the digit timeout
        (TIMEOUT, 1, "", ""),
        (TIMEOUT, 6, "#", ""),
    ],
)
def test_collect_returns_what_the_port_promises(
    pressed: str | None, max_digits: int, terminators: str, expected: str
) -> None:
    channel, _ = channel_for(pressed)

    keys = channel.collect(MENU, max_digits=max_digits, terminators=terminators)

    assert keys == expected


def test_a_lone_hash_is_not_confused_with_the_next_timeout() -> None:
    channel, _ = channel_for("#", TIMEOUT)

    assert channel.collect(MENU, max_digits=6, terminators="#") == "#"
    assert channel.collect(MENU, max_digits=6, terminators="#") == ""


def test_keys_left_over_from_one_entry_do_not_leak_into_the_next() -> None:
    channel, session = channel_for("1234567#", TIMEOUT)

    assert channel.collect(MENU, max_digits=6, terminators="#") == "123456"
    assert channel.collect(MENU) == ""
    assert [name for name, _ in session.log].count("flushDigits") == 2


def test_collect_returns_nothing_once_the_caller_hung_up() -> None:
    channel, session = channel_for(HANGUP)

    assert channel.collect(MENU) == ""
    assert channel.ready() is False
    assert channel.collect(MENU) == ""
    assert len(session.reads) == 1


def test_a_secret_entry_leaves_no_digits_in_channel_variables_nor_regex_logs() -> None:
    channel, session = channel_for("246810#")

    assert channel.collect(["pin/enter"], max_digits=6, terminators="#", secret=True) == "246810"

    (read,) = session.reads
    assert read.var_name is None
    assert read.digits_regex == ""
    assert "246810" not in session.variables.values()


def test_ordinary_keys_are_kept_in_a_channel_variable_for_the_cdr() -> None:
    channel, session = channel_for("2")

    channel.collect(MENU)

    assert session.variables["callcenter_ivr_digits"] == "2"


def test_transfer_marks_the_queue_skill_and_language_before_leaving() -> None:
    channel, session = channel_for()
    channel.language = "en"
    channel.note_queue_skill("billing")

    channel.transfer("callcenter_queue")

    assert session.transfers == [("callcenter_queue", "XML", "callcenter")]
    assert session.variables_at_transfer["callcenter_queue_skill"] == "billing"
    assert session.variables_at_transfer["callcenter_language"] == "en"
    assert channel.ready() is False  # the call is no longer the IVR's


def test_transfer_without_a_queued_skill_leaves_the_skill_to_the_dialplan() -> None:
    channel, session = channel_for()

    channel.transfer("agent_fallback")

    assert "callcenter_queue_skill" not in session.variables_at_transfer


def test_transfer_goes_to_the_configured_context() -> None:
    session = Session()
    channel = FreeSwitchChannel(session, context="ivr_test")

    channel.transfer("callcenter_queue")

    assert session.transfers == [("callcenter_queue", "XML", "ivr_test")]


def test_a_refused_transfer_raises_and_leaves_the_call_to_the_ivr() -> None:
    channel, _ = channel_for(transfer_succeeds=False)

    with pytest.raises(TransferFailed):
        channel.transfer("callcenter_queue")

    assert channel.ready() is True


def test_an_unsafe_destination_is_never_handed_to_the_switch() -> None:
    channel, session = channel_for()

    with pytest.raises(TransferFailed):
        channel.transfer("x XML default")

    assert session.transfers == []


def test_hangup_ends_the_call() -> None:
    channel, session = channel_for()

    channel.hangup()

    assert session.hangups and not session.ready()
    assert channel.ready() is False
