"""PIN verification and the balance / bill readout (queries 2-1)."""

from __future__ import annotations

from fs_scripts.flows import FlowConfig, result
from tests.unit.flows.fake_backoffice import (
    CUSTOMER,
    OTHER_CUSTOMER,
    OTHER_PIN,
    PIN,
    STRANGER,
    FakeBackOffice,
)
from tests.unit.flows.support import call, ids, money

BALANCE_AND_BILL = ["2", "1"]


def test_given_right_pin_when_asking_balance_then_123_yuan_45_fen_is_read_in_mandarin() -> None:
    played = call([*BALANCE_AND_BILL, PIN + "#", None])

    assert played.contains_run(["balance/is", *money(12345)])
    assert money(12345) == ids(  # 一百二十三元四角五分
        "digits/1 num/bai digits/2 num/shi digits/3 money/yuan digits/4 money/jiao digits/5 money/fen"
    )
    assert played.result.verified is True
    assert played.result.contained is True
    assert played.backoffice.calls_to("balance") == [{"token": f"token-{CUSTOMER}"}]


def test_given_an_english_line_then_balance_is_read_in_english() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].language = "en"

    played = call([*BALANCE_AND_BILL, PIN + "#", None], backoffice=office)

    assert played.contains_run(["balance/is", *money(12345, "en")])
    assert money(12345, "en")[-2:] == ["num/5", "money/fen"]


def test_the_latest_bill_follows_with_amount_due_date_and_paid_state() -> None:
    played = call([*BALANCE_AND_BILL, PIN + "#", None])

    # 八十八元, 二零二四年六月十五日
    assert played.contains_run(
        ids(
            "bill/latest_is digits/8 num/shi digits/8 money/yuan bill/due_date_is digits/2"
            " digits/0 digits/2 digits/4 date/year month/6 num/shi digits/5 date/day bill/unpaid"
        )
    )
    assert played.result.heard == ("balance", "bill")


def test_the_pin_is_asked_once_per_call_for_balance_and_bill() -> None:
    played = call([*BALANCE_AND_BILL, PIN + "#", "1", None])  # and hear it all again

    assert played.heard.count("pin/enter") == 1
    assert played.heard.count("balance/is") == 2
    assert len(played.backoffice.calls_to("verify_pin")) == 1


def test_a_negative_balance_is_read_as_the_amount_owed() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].balance_fen = -2050

    played = call([*BALANCE_AND_BILL, PIN + "#", None], backoffice=office)

    assert played.contains_run(["balance/arrears_is", *money(2050)])
    assert "balance/is" not in played.heard


def test_an_account_without_bills_hears_there_is_no_bill() -> None:
    office = FakeBackOffice()
    office.bills.clear()

    played = call([*BALANCE_AND_BILL, PIN + "#", None], backoffice=office)

    assert "bill/none" in played.heard


def test_given_one_wrong_pin_then_sorry_and_second_try_succeeds() -> None:
    played = call([*BALANCE_AND_BILL, "111111#", PIN + "#", None])

    assert played.heard_in_order("pin/enter", "pin/wrong", "pin/enter", "balance/is")
    assert played.result.verified is True


def test_given_two_wrong_pins_then_polite_goodbye_and_nothing_read() -> None:
    played = call([*BALANCE_AND_BILL, "111111#", "222222#", "0"])

    assert played.heard[-5:] == [
        "pin/enter",
        "pin/wrong",
        "pin/enter",
        "pin/too_many_attempts",
        "ivr/goodbye",
    ]
    assert "balance/is" not in played.heard
    assert played.channel.hung_up is True
    assert played.channel.keys_left == ["0"]  # no third chance
    assert played.result.outcome == result.PIN_FAILED
    assert played.result.contained is False
    assert len(played.backoffice.calls_to("verify_pin")) == 2


def test_given_two_wrong_pins_and_agent_configured_then_agent_sees_the_failed_count() -> None:
    config = FlowConfig(after_pin_failure="agent")

    played = call([*BALANCE_AND_BILL, "111111#", "222222#"], config=config)

    assert played.heard[-2:] == ["pin/too_many_attempts", "ivr/transfer_agent"]
    context = played.queued["context"]
    assert context["failed_pin_attempts"] == 2
    assert context["verified"] is False
    assert context["reason"] == "pin_failed"
    assert played.result.outcome == result.AGENT_AFTER_FAILURES


def test_a_pin_of_the_wrong_length_is_explained_and_uses_a_try() -> None:
    played = call([*BALANCE_AND_BILL, "123#", PIN + "#", None])

    assert played.heard_in_order("pin/enter", "flow/pin_six_digits", "pin/enter", "balance/is")
    assert len(played.backoffice.calls_to("verify_pin")) == 1  # the short one never left


def test_a_silent_pin_prompt_is_repeated_without_using_a_try() -> None:
    played = call([*BALANCE_AND_BILL, None, "111111#", PIN + "#", None])

    assert played.heard_in_order("pin/enter", "ivr/timeout", "pin/enter", "pin/wrong", "balance/is")
    assert played.result.verified is True


def test_given_a_locked_pin_then_caller_is_told_and_offered_an_agent() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].failures = 5

    played = call([*BALANCE_AND_BILL, PIN + "#", "0"], backoffice=office)

    assert played.heard_in_order(
        "pin/enter", "pin/locked", "flow/agent_offer", "ivr/transfer_agent"
    )
    assert played.queued["context"]["reason"] == "pin_locked"
    assert played.queued["context"]["notes"] == {"pin": "locked"}
    assert played.result.outcome == result.AGENT_AFTER_FAILURES


def test_given_a_locked_pin_and_no_agent_wanted_then_polite_goodbye() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].failures = 5

    played = call([*BALANCE_AND_BILL, PIN + "#", None], backoffice=office)

    assert played.heard[-3:] == ["pin/locked", "flow/agent_offer", "ivr/goodbye"]
    assert played.channel.hung_up is True
    assert played.result.outcome == result.PIN_FAILED


def test_wrong_pins_across_calls_lock_the_line_in_the_back_office() -> None:
    office = FakeBackOffice()
    for _ in range(2):
        call([*BALANCE_AND_BILL, "111111#", "222222#"], backoffice=office)
    played = call([*BALANCE_AND_BILL, "333333#", None], backoffice=office)

    assert "pin/locked" in played.heard


def test_a_caller_not_on_our_lines_keys_in_the_number_then_the_pin() -> None:
    keys = ["1", *BALANCE_AND_BILL, OTHER_CUSTOMER + "#", OTHER_PIN + "#", None]  # 1: Mandarin

    played = call(keys, caller=STRANGER)

    assert played.heard_in_order("flow/enter_your_number", "pin/enter", "balance/is")
    assert played.contains_run(["balance/is", *money(500)])
    assert played.backoffice.calls_to("verify_pin")[0]["number"] == OTHER_CUSTOMER


def test_star_while_keying_the_pin_goes_back_to_the_menu() -> None:
    played = call([*BALANCE_AND_BILL, "12*", "0"])

    assert played.contains_run(["pin/enter", "menu/query"])
    assert played.backoffice.calls_to("verify_pin") == []
    assert played.queued["skill"] == "billing"
