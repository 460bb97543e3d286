"""Complaints 4-2 (fault report), PIN service 5-1 and self-service changes (menu 3)."""

from __future__ import annotations

from datetime import datetime

from fs_scripts.backoffice_port import Incident
from tests.unit.flows.fake_backoffice import CUSTOMER, PIN, STRANGER, FakeBackOffice
from tests.unit.flows.support import call, ids, money

FAULT_PHONE = ["4", "2", "1"]
CHANGE_PIN = ["5", "1"]
NEW_PIN = "314159"


# --- fault report ------------------------------------------------------------------------


def test_given_a_known_incident_in_the_area_then_cause_and_eta_and_no_duplicate_ticket() -> None:
    office = FakeBackOffice()
    office.incidents["east"] = Incident("fiber_cut", datetime(2024, 6, 1, 18, 30))
    tickets_before = dict(office.tickets)

    played = call([*FAULT_PHONE, None], backoffice=office)

    assert played.contains_run(["fault/known_incident", "fault/cause_is", "fault/cause/fiber_cut"])
    # 二零二四年六月一日 十八点三十分
    assert played.contains_run(
        ids(
            "fault/expected_fix_is digits/2 digits/0 digits/2 digits/4 date/year month/6"
            " digits/1 date/day num/shi digits/8 time/oclock digits/3 num/shi time/minute"
        )
    )
    assert "fault/ticket_opened" not in played.heard
    assert office.tickets == tickets_before
    assert played.result.contained is True


def test_given_no_incident_then_a_fault_ticket_is_opened_and_its_number_read() -> None:
    office = FakeBackOffice()

    played = call([*FAULT_PHONE, None], backoffice=office)

    (report,) = office.calls_to("report_fault")
    assert report["number"] == CUSTOMER and report["fault_code"] == "no_dial_tone"
    ticket_number = next(
        n for n, t in office.tickets.items() if t.type == "fault" and t.owner == CUSTOMER
    )
    assert played.contains_run(["fault/ticket_opened", *(f"digits/{d}" for d in ticket_number)])
    assert played.result.contained is True


def test_each_fault_kind_is_reported_with_its_code() -> None:
    for key, code in (("1", "no_dial_tone"), ("2", "broadband"), ("3", "tv"), ("4", "other")):
        played = call(["4", "2", key, None])
        assert played.backoffice.calls_to("report_fault")[0]["fault_code"] == code


def test_a_stranger_reporting_a_fault_keys_in_the_faulty_number() -> None:
    played = call(["1", *FAULT_PHONE, CUSTOMER + "#", None], caller=STRANGER)

    assert "flow/fault_enter_number" in played.heard
    assert played.backoffice.calls_to("report_fault")[0]["number"] == CUSTOMER


# --- PIN change ----------------------------------------------------------------------------


def test_given_old_pin_and_new_pin_twice_then_pin_is_changed() -> None:
    played = call([*CHANGE_PIN, PIN + "#", NEW_PIN + "#", NEW_PIN + "#", None])

    assert played.heard_in_order("pin/enter", "pin/enter_new", "pin/enter_new_again", "pin/changed")
    assert played.backoffice.lines[CUSTOMER].pin == NEW_PIN
    assert played.result.contained is True


def test_given_different_new_pins_then_mismatch_and_one_more_try_succeeds() -> None:
    played = call(
        [*CHANGE_PIN, PIN + "#", NEW_PIN + "#", "271828#", NEW_PIN + "#", NEW_PIN + "#", None]
    )

    assert played.heard_in_order("pin/mismatch", "pin/enter_new", "pin/changed")
    assert played.backoffice.lines[CUSTOMER].pin == NEW_PIN


def test_given_two_mismatches_then_pin_is_unchanged() -> None:
    played = call(
        [*CHANGE_PIN, PIN + "#", NEW_PIN + "#", "271828#", NEW_PIN + "#", "271828#", None]
    )

    assert played.heard.count("pin/mismatch") == 2
    assert "pin/changed" not in played.heard
    assert played.backoffice.lines[CUSTOMER].pin == PIN
    assert played.backoffice.calls_to("change_pin") == []
    assert played.result.contained is False


def test_a_too_simple_new_pin_is_refused_by_the_back_office() -> None:
    played = call(
        [*CHANGE_PIN, PIN + "#", "111111#", "111111#", NEW_PIN + "#", NEW_PIN + "#", None]
    )

    assert played.heard_in_order("pin/too_simple", "pin/enter_new", "pin/changed")


def test_given_a_caller_not_on_one_of_our_lines_then_pin_change_is_refused() -> None:
    played = call(["1", *CHANGE_PIN, None], caller=STRANGER)

    assert "pin/own_line_only" in played.heard
    assert "pin/enter" not in played.heard
    assert played.backoffice.calls_to("change_pin") == []


def test_given_verified_earlier_in_the_call_then_the_old_pin_is_not_asked_again() -> None:
    office = FakeBackOffice()
    keys = ["2", "1", PIN + "#", "*", "5", "1", NEW_PIN + "#", NEW_PIN + "#", None]

    played = call(keys, backoffice=office)

    assert played.heard.count("pin/enter") == 1
    assert played.heard_in_order("balance/is", "menu/pin", "pin/enter_new", "pin/changed")
    assert office.lines[CUSTOMER].pin == NEW_PIN


def test_a_line_without_a_pin_sets_one_without_an_old_pin() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].pin = None

    played = call([*CHANGE_PIN, NEW_PIN + "#", NEW_PIN + "#", None], backoffice=office)

    assert "pin/enter" not in played.heard
    assert "pin/changed" in played.heard
    assert office.calls_to("change_pin")[0]["token"] is None


# --- self-service changes ------------------------------------------------------------------


def test_given_verified_and_confirmed_then_stop_keep_number_creates_an_order_read_out() -> None:
    office = FakeBackOffice()

    played = call(["3", "1", "1", PIN + "#", "1", None], backoffice=office)

    assert office.calls_to("self_service") == [
        {"token": f"token-{CUSTOMER}", "change": "stop_keep_number", "enable": True, "target": None}
    ]
    assert played.contains_run(["service/changed_order_is", *(f"digits/{d}" for d in "88000002")])
    assert played.result.contained is True


def test_given_arrears_then_change_is_refused_with_please_pay_first() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].in_arrears = True

    played = call(["3", "1", "2", PIN + "#", "1", None], backoffice=office)

    assert "account/arrears_pay_first" in played.heard
    assert "service/changed_order_is" not in played.heard
    assert played.result.contained is False


def test_arrears_refusal_travels_to_the_agent() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].in_arrears = True

    played = call(["3", "1", "2", PIN + "#", "1", "0"], backoffice=office)

    context = played.queued["context"]
    assert context["in_arrears"] is True
    assert "arrears_refusal" in context["heard"]
    assert context["verified"] is True
    assert played.queued["skill"] == "service_orders"


def test_call_forwarding_on_asks_the_target_and_reads_it_back_before_confirming() -> None:
    office = FakeBackOffice()

    played = call(["3", "2", "1", PIN + "#", "13912345678#", "1", None], backoffice=office)

    assert played.contains_run(
        ["flow/forward_to_is", *(f"digits/{d}" for d in "13912345678"), "service/confirm"]
    )
    assert office.calls_to("self_service")[0]["target"] == "13912345678"
    assert office.lines[CUSTOMER].features["call_forwarding"] is True


def test_call_forwarding_off_needs_no_target() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].features["call_forwarding"] = True

    played = call(["3", "2", "2", PIN + "#", "1", None], backoffice=office)

    assert "service/enter_forward_number" not in played.heard
    assert office.lines[CUSTOMER].features["call_forwarding"] is False


def test_caller_id_already_on_is_explained() -> None:
    office = FakeBackOffice()
    office.lines[CUSTOMER].features["caller_id"] = True

    played = call(["3", "3", "1", PIN + "#", "1", None], backoffice=office)

    assert "flow/service_already" in played.heard


def test_cancelling_at_the_confirmation_changes_nothing() -> None:
    office = FakeBackOffice()

    played = call(["3", "3", "1", PIN + "#", "2", None], backoffice=office)

    assert "service/cancelled" in played.heard
    assert office.calls_to("self_service") == []


def test_a_plan_change_sends_the_plan_code_from_the_menu() -> None:
    office = FakeBackOffice()

    call(["3", "4", "3", PIN + "#", "1", None], backoffice=office)

    assert office.calls_to("self_service")[0]["change"] == "plan"
    assert office.lines[CUSTOMER].plan == "broadband_bundle"


def test_star_at_the_confirmation_goes_back_to_the_menu() -> None:
    played = call(["3", "1", "1", PIN + "#", "*", "0"])

    assert played.contains_run(["service/confirm", "menu/suspend"])
    assert played.backoffice.calls_to("self_service") == []


def test_recharge_balance_query_and_money_use_the_same_speech() -> None:
    assert money(17345)[:3] == ["digits/1", "num/bai", "digits/7"]
