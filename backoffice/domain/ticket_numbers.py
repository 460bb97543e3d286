"""Ticket numbers a caller can key in on a phone keypad.

Format: YYMMDD (creation date) + 5-digit sequence of that day + 1 Luhn check digit,
12 digits in all, e.g. 250314000017. The check digit catches a mistyped digit before any
lookup, so the IVR can say "that number is not valid" at once. Years are 2000-2099.
"""

from __future__ import annotations

from datetime import date

from backoffice.domain.luhn import luhn_check_digit, luhn_is_valid

TICKET_NUMBER_LENGTH = 12
MAX_DAILY_SEQUENCE = 99_999


def make_ticket_number(seq: int, created: date) -> str:
    """Ticket number for the ``seq``-th ticket created on ``created``."""
    if isinstance(seq, bool) or not isinstance(seq, int):
        raise TypeError("ticket sequence must be an int")
    if not 0 <= seq <= MAX_DAILY_SEQUENCE:
        raise ValueError(f"ticket sequence must be within 0..{MAX_DAILY_SEQUENCE} per day")
    if not 2000 <= created.year <= 2099:
        raise ValueError("ticket numbers carry a two-digit year: 2000-2099 only")
    payload = f"{created:%y%m%d}{seq:05d}"
    return payload + luhn_check_digit(payload)


def _date_part(number: str) -> date | None:
    try:
        return date(2000 + int(number[0:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        return None


def is_valid_ticket_number(number: str) -> bool:
    """True when ``number`` has the format, a real date and a correct check digit."""
    if not isinstance(number, str) or len(number) != TICKET_NUMBER_LENGTH:
        return False
    return luhn_is_valid(number) and _date_part(number) is not None


def ticket_number_parts(number: str) -> tuple[date, int]:
    """(creation date, daily sequence) of a valid ticket number; ValueError otherwise."""
    if not is_valid_ticket_number(number):
        raise ValueError("not a valid ticket number")
    created = _date_part(number)
    assert created is not None  # checked by is_valid_ticket_number
    return created, int(number[6:11])
