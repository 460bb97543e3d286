"""Menus: language, submenus, `*` back, `#` repeat, `0` agent, invalid keys, timeouts."""

from __future__ import annotations

from fs_scripts.flows import result
from tests.unit.flows.fake_backoffice import CUSTOMER, QUEUE_DESTINATION, STRANGER, FakeBackOffice
from tests.unit.flows.support import call


def office_with_language(language: str | None) -> FakeBackOffice:
    office = FakeBackOffice()
    office.lines[CUSTOMER].language = language  # type: ignore[assignment]
    return office


def test_given_a_remembered_language_when_calling_then_no_language_question_is_asked() -> None:
    played = call(["0"], backoffice=office_with_language("en"))

    assert "ivr/choose_language" not in played.heard
    assert played.channel.heard_with_language()[:2] == [("ivr/welcome", "en"), ("menu/main", "en")]
    assert played.result.language == "en"


def test_given_no_remembered_language_when_caller_picks_english_then_it_is_used_and_saved() -> None:
    office = office_with_language(None)

    played = call(["2", "0"], backoffice=office)

    assert played.channel.heard_with_language()[:4] == [
        ("ivr/welcome", "zh"),
        ("ivr/choose_language", "zh"),
        ("ivr/choose_language", "en"),
        ("menu/main", "en"),
    ]
    assert office.calls_to("set_language") == [{"number": CUSTOMER, "language": "en"}]
    assert office.lines[CUSTOMER].language == "en"


def test_given_no_remembered_language_when_silent_then_mandarin_and_nothing_saved() -> None:
    office = office_with_language(None)

    played = call([None, None, "0"], backoffice=office)

    assert played.result.language == "zh"
    assert played.heard.count("ivr/choose_language") == 4  # two tries, each in both languages
    assert office.calls_to("set_language") == []
    assert played.result.outcome == result.AGENT


def test_a_stranger_choosing_a_language_is_not_saved_anywhere() -> None:
    office = FakeBackOffice()

    played = call(["2", "0"], caller=STRANGER, backoffice=office)

    assert played.result.language == "en"
    assert office.calls_to("set_language") == []


def test_star_goes_back_to_the_previous_menu() -> None:
    played = call(["2", "*", "4", "*", "*", "0"])

    assert [p for p in played.heard if p.startswith("menu/")] == [
        "menu/main",
        "menu/query",
        "menu/main",
        "menu/complaints",
        "menu/main",
        "menu/main",
    ]
    assert played.result.path[:5] == ("main", "queries", "main", "complaints", "main")


def test_hash_repeats_the_menu_without_counting_as_a_failure() -> None:
    played = call(["#", "#", "#", "#", "0"])

    assert played.heard.count("menu/main") == 5
    assert "ivr/invalid" not in played.heard
    assert played.result.outcome == result.AGENT


def test_given_any_menu_when_zero_is_pressed_then_agent_of_that_menus_skill_with_context() -> None:
    played = call(["2", "0"])

    assert played.channel.transfers == [QUEUE_DESTINATION]
    assert played.heard[-1] == "ivr/transfer_agent"
    queued = played.queued
    assert queued["skill"] == "billing"
    assert queued["context"]["reason"] == "caller_request"
    assert queued["context"]["menu_path"] == ["main", "queries", "agent:billing"]
    assert queued["context"]["verified"] is False
    assert played.result.outcome == result.AGENT
    assert played.result.contained is False


def test_zero_in_a_nested_menu_without_own_skill_uses_the_parent_menus_skill() -> None:
    played = call(["3", "2", "0"])  # changes -> call forwarding -> agent

    assert played.queued["skill"] == "service_orders"


def test_main_menu_zero_goes_to_the_general_queue() -> None:
    played = call(["0"])

    assert played.queued["skill"] == "general"


def test_given_a_vip_caller_when_queued_then_priority_carries_the_vip_level() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].vip_level = 3

    played = call(["0"], backoffice=office)

    assert played.queued["priority"] == 3
    assert played.queued["context"]["vip_level"] == 3


def test_an_invalid_key_says_sorry_and_plays_the_menu_again() -> None:
    played = call(["7", "0"])

    assert played.contains_run(["menu/main", "ivr/invalid", "menu/main"])
    assert played.result.outcome == result.AGENT


def test_given_three_invalid_keys_then_too_many_errors_and_an_agent() -> None:
    played = call(["2", "9", "8", "7"])

    assert played.heard.count("ivr/invalid") == 2
    assert played.heard[-2:] == ["ivr/too_many_errors", "ivr/transfer_agent"]
    assert played.queued["skill"] == "billing"
    assert played.queued["context"]["reason"] == "invalid_keys"
    assert played.result.outcome == result.AGENT_AFTER_FAILURES


def test_given_three_timeouts_then_an_agent_never_a_silent_hang_up() -> None:
    played = call([None, None, None])

    assert played.heard.count("ivr/timeout") == 2
    assert played.channel.transfers == [QUEUE_DESTINATION]
    assert played.queued["context"]["reason"] == "no_input"
    assert played.channel.hung_up is False


def test_a_timeout_says_we_did_not_hear_and_repeats_the_menu() -> None:
    played = call([None, "0"])

    assert played.contains_run(["menu/main", "ivr/timeout", "menu/main"])


def test_when_the_caller_hangs_up_in_a_menu_then_outcome_is_hangup_and_reported() -> None:
    played = call(["2"])  # script ends: the caller hangs up at the queries menu

    assert played.result.outcome == result.HANGUP
    assert played.result.contained is False
    assert played.reported == {
        "call_id": "call-1",
        "path": ["main", "queries"],
        "outcome": "hangup",
        "contained": False,
    }


def test_after_an_action_silence_ends_the_call_politely_and_counts_as_contained() -> None:
    played = call(["1", "1", None])

    assert played.heard[-3:] == ["info/tariffs", "menu/repeat_or_back", "ivr/goodbye"]
    assert played.channel.hung_up is True
    assert played.result.outcome == result.GOODBYE
    assert played.result.contained is True
    assert played.reported["contained"] is True


def test_after_an_action_one_replays_it() -> None:
    played = call(["1", "2", "1", None])

    assert played.heard.count("info/value_added") == 2


def test_after_an_action_star_returns_to_the_main_menu() -> None:
    played = call(["1", "3", "*", "0"])

    assert played.contains_run(["info/other", "menu/repeat_or_back", "menu/main"])
    assert played.queued["skill"] == "general"


def test_after_an_action_zero_reaches_an_agent_of_the_menu_the_action_came_from() -> None:
    played = call(["1", "1", "0"])

    assert played.queued["skill"] == "consultation"
    assert played.queued["context"]["heard"] == ["info:tariffs"]
    assert played.result.contained is False


def test_given_a_blacklisted_number_then_it_is_refused_politely() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].blacklisted = True

    played = call(["0"], backoffice=office)

    assert played.heard == ["queue/refused"]
    assert played.channel.hung_up is True
    assert played.result.outcome == result.REFUSED
    assert played.channel.transfers == []


def test_complaint_and_suggestion_go_to_the_complaints_desk_with_the_topic() -> None:
    complaint = call(["4", "1"])
    suggestion = call(["4", "3"])

    assert complaint.queued["skill"] == suggestion.queued["skill"] == "complaints"
    assert complaint.queued["context"]["topic"] == "complaint"
    assert suggestion.queued["context"]["topic"] == "suggestion"


def test_number_lookup_goes_to_the_directory_queue() -> None:
    played = call(["2", "4"])

    assert played.heard[-1] == "lookup/transfer"
    assert played.queued["skill"] == "directory"
    assert played.channel.transfers == [QUEUE_DESTINATION]


def test_every_consultation_topic_plays_its_information() -> None:
    for key, topic in (("1", "tariffs"), ("2", "value_added"), ("3", "other")):
        played = call(["1", key, None])
        assert f"info/{topic}" in played.heard
        assert played.result.contained is True
