from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain.luhn import luhn_check_digit, luhn_is_valid
from backoffice.domain.ticket_numbers import (
    is_valid_ticket_number,
    make_ticket_number,
    ticket_number_parts,
)

sequences = st.integers(min_value=0, max_value=99_999)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def test_known_luhn_values() -> None:
    # The classic worked example: 7992739871 has check digit 3.
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")


def test_ticket_number_layout() -> None:
    number = make_ticket_number(17, date(2025, 3, 14))
    assert len(number) == 12 and number.isdigit()
    assert number[:11] == "25031400017"
    assert is_valid_ticket_number(number)
    assert ticket_number_parts(number) == (date(2025, 3, 14), 17)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "25031400017",
        "2503140001700",
        "25031400017x",
        "２５０３１４０００１７０",
        "250314000170",
    ],
)
def test_malformed_ticket_numbers_are_invalid(text: str) -> None:
    assert not is_valid_ticket_number(text)


def test_impossible_date_with_correct_check_digit_is_invalid() -> None:
    payload = "25023000001"  # 30 February
    assert luhn_is_valid(payload + luhn_check_digit(payload))
    assert not is_valid_ticket_number(payload + luhn_check_digit(payload))


@pytest.mark.parametrize(
    ("seq", "created"),
    [(-1, date(2025, 1, 1)), (100_000, date(2025, 1, 1)), (1, date(1999, 12, 31))],
)
def test_out_of_range_inputs_are_refused(seq: int, created: date) -> None:
    with pytest.raises(ValueError):
        make_ticket_number(seq, created)


def test_parts_of_an_invalid_number_are_refused() -> None:
    with pytest.raises(ValueError):
        ticket_number_parts("250314000170")


@settings(max_examples=200)
@given(sequences, dates)
def test_made_numbers_are_valid_and_round_trip(seq: int, created: date) -> None:
    number = make_ticket_number(seq, created)
    assert is_valid_ticket_number(number)
    assert ticket_number_parts(number) == (created, seq)


@settings(max_examples=100)
@given(sequences, dates)
def test_every_single_digit_error_is_caught(seq: int, created: date) -> None:
    number = make_ticket_number(seq, created)
    for position in range(len(number)):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            typo = number[:position] + digit + number[position + 1 :]
            assert not is_valid_ticket_number(typo), (number, typo)
