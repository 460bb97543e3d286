"""Luhn (mod 10) check digit: catches every single mistyped digit and most swapped pairs."""

from __future__ import annotations


def _is_ascii_digits(text: str) -> bool:
    return isinstance(text, str) and text.isascii() and text.isdigit()


def luhn_check_digit(payload: str) -> str:
    """The digit to append to ``payload`` so the whole number passes the Luhn check."""
    if not _is_ascii_digits(payload):
        raise ValueError("Luhn payload must be a non-empty string of ASCII digits")
    total = 0
    # Walking from the right, the digit next to the (future) check digit is doubled.
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def luhn_is_valid(number: str) -> bool:
    """True when the last digit of ``number`` is the Luhn check digit of the rest."""
    if not _is_ascii_digits(number) or len(number) < 2:
        return False
    return luhn_check_digit(number[:-1]) == number[-1]
