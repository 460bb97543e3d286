"""Queries 2-2 (recharge card) and 2-3 (ticket progress)."""

from __future__ import annotations

from fs_scripts.flows import result
from tests.unit.flows.fake_backoffice import (
    CUSTOMER,
    OTHER_CUSTOMER,
    PIN,
    STRANGER,
    FakeBackOffice,
)
from tests.unit.flows.support import call, ids, money

RECHARGE = ["2", "2"]
TICKETS = ["2", "3"]
SERIAL, CARD_PIN = "1234567890", "987654321"


def test_given_a_good_card_for_this_line_then_amount_and_new_balance_are_read() -> None:
    played = call([*RECHARGE, "#", SERIAL + "#", CARD_PIN + "#", None])

    assert played.heard_in_order("card/enter_target_number", "card/enter_number", "card/enter_pin")
    assert played.contains_run(["card/amount_is", *money(5000)])
    assert played.contains_run(["card/success_new_balance", *money(17345)])
    assert played.backoffice.lines[CUSTOMER].balance_fen == 17345
    assert "pin/enter" not in played.heard  # topping up needs no PIN
    assert played.result.contained is True


def test_given_a_good_card_for_another_number_then_its_balance_is_not_revealed() -> None:
    played = call([*RECHARGE, OTHER_CUSTOMER + "#", SERIAL + "#", CARD_PIN + "#", None])

    assert played.contains_run(["card/amount_is", *money(5000), "flow/recharge_ok"])
    assert "card/success_new_balance" not in played.heard
    assert played.backoffice.lines[OTHER_CUSTOMER].balance_fen == 5500


def test_given_a_wrong_card_pin_then_the_card_is_refused_and_nothing_is_paid() -> None:
    played = call([*RECHARGE, "#", SERIAL + "#", "111111111#", None])

    assert played.heard_in_order("card/enter_pin", "card/invalid", "menu/repeat_or_back")
    assert played.backoffice.lines[CUSTOMER].balance_fen == 12345
    assert played.result.contained is False


def test_given_a_used_card_then_caller_hears_it_was_used() -> None:
    office = FakeBackOffice()
    office.cards[SERIAL].used = True

    played = call([*RECHARGE, "#", SERIAL + "#", CARD_PIN + "#", None], backoffice=office)

    assert "card/used" in played.heard


def test_given_an_unknown_number_to_top_up_then_caller_is_told() -> None:
    played = call([*RECHARGE, "19912345678#", SERIAL + "#", CARD_PIN + "#", None])

    assert "flow/unknown_number" in played.heard
    assert played.backoffice.cards[SERIAL].used is False


def test_a_stranger_keys_in_the_number_to_top_up() -> None:
    played = call(
        ["1", *RECHARGE, CUSTOMER + "#", SERIAL + "#", CARD_PIN + "#", None], caller=STRANGER
    )

    assert "flow/card_target_number" in played.heard
    assert "flow/recharge_ok" in played.heard
    assert played.backoffice.calls_to("pay_with_card")[0]["number"] == CUSTOMER


def test_a_too_short_card_number_is_invalid_and_asked_again() -> None:
    played = call([*RECHARGE, "#", "12#", SERIAL + "#", CARD_PIN + "#", None])

    assert played.contains_run(["card/enter_number", "ivr/invalid", "card/enter_number"])
    assert "card/success_new_balance" in played.heard


def test_given_my_ticket_then_number_status_and_last_update_are_read() -> None:
    played = call([*TICKETS, "202405150001#", None])

    assert played.contains_run(["ticket/number_is", *(f"digits/{d}" for d in "202405150001")])
    assert played.contains_run(["ticket/status_is", "ticket/status/in_progress"])
    assert played.contains_run(  # 二零二四年五月二十日
        ids("flow/ticket_updated_on digits/2 digits/0 digits/2 digits/4 date/year month/5")
        + ids("digits/2 num/shi date/day")
    )
    assert played.result.contained is True


def test_given_an_unknown_ticket_then_not_found_and_one_more_try() -> None:
    played = call([*TICKETS, "99999999#", "202405150001#", None])

    assert played.heard_in_order(
        "ticket/enter_number", "ticket/not_found", "ticket/enter_number", "ticket/status_is"
    )


def test_given_two_unknown_tickets_then_back_to_the_after_action_menu_not_served() -> None:
    played = call([*TICKETS, "99999999#", "88888888#", None])

    assert played.heard.count("ticket/not_found") == 2
    assert played.heard[-2:] == ["menu/repeat_or_back", "ivr/goodbye"]
    assert played.result.contained is False


def test_given_someone_elses_ticket_then_nothing_about_it_is_read() -> None:
    played = call([*TICKETS, "202405150002#", None])

    assert "flow/ticket_not_yours" in played.heard
    assert "ticket/status_is" not in played.heard
    assert "ticket/status/resolved" not in played.heard


def test_given_a_verified_caller_from_another_phone_then_their_own_ticket_is_read() -> None:
    keys = ["1", "2", "1", OTHER_CUSTOMER + "#", "135790#", "*", "2", "3", "202405150002#", None]

    played = call(keys, caller=STRANGER)

    assert played.contains_run(["ticket/status_is", "ticket/status/resolved"])


def test_timeouts_while_keying_a_ticket_number_end_with_an_agent() -> None:
    played = call([*TICKETS, None, None, None])

    assert played.heard.count("ivr/timeout") == 2
    assert played.queued["skill"] == "billing"
    assert played.result.outcome == result.AGENT_AFTER_FAILURES


def test_ticket_lookup_uses_the_caller_number_and_no_token_when_not_verified() -> None:
    played = call([*TICKETS, "202405150001#", None])

    assert played.backoffice.calls_to("ticket_status") == [
        {"caller_number": CUSTOMER, "ticket_number": "202405150001", "token": None}
    ]
    assert PIN not in repr(played.backoffice.requests)
