"""Arrears (欠费) state machine: how overdue bills suspend and restore an account.

Rules (REQUIREMENTS §4): one billed month overdue -> one-way suspension (outgoing barred);
two or more -> two-way suspension; paying restores service immediately. A closed account
never changes here. The machine is a pure function of the bills and today's date, so running
it twice gives the same answer and a scheduled job can run it as often as it likes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class CreditState(StrEnum):
    ACTIVE = "active"
    ONE_WAY_SUSPENDED = "one_way_suspended"
    TWO_WAY_SUSPENDED = "two_way_suspended"
    CLOSED = "closed"


REASON_ONE_MONTH = "arrears_1_month"
REASON_TWO_MONTHS = "arrears_2_months"
REASON_CLEARED = "arrears_cleared"


@dataclass(frozen=True)
class BillDue:
    """What the machine needs to know about one monthly bill."""

    period: date  # first day of the billed month
    due_date: date
    outstanding_fen: int

    def __post_init__(self) -> None:
        if self.period.day != 1:
            raise ValueError("a bill's period is the first day of the billed month")
        if self.outstanding_fen < 0:
            raise ValueError("outstanding amount cannot be negative")


@dataclass(frozen=True)
class Transition:
    """A change of credit state, with a stable reason code for the audit log."""

    frm: CreditState
    to: CreditState
    reason: str
    at: date
    months: int = 0  # months in arrears that caused it (0 when cleared)


def months_in_arrears(bills: Sequence[BillDue], today: date) -> int:
    """Distinct billed months whose bill is past due (today > due date) and still owed."""
    return len({b.period for b in bills if today > b.due_date and b.outstanding_fen > 0})


def target_state(months: int) -> CreditState:
    """Where an open account belongs for a number of months in arrears."""
    if months < 0:
        raise ValueError("months in arrears cannot be negative")
    if months == 0:
        return CreditState.ACTIVE
    if months == 1:
        return CreditState.ONE_WAY_SUSPENDED
    return CreditState.TWO_WAY_SUSPENDED


def _reason(months: int) -> str:
    if months == 0:
        return REASON_CLEARED
    return REASON_ONE_MONTH if months == 1 else REASON_TWO_MONTHS


def next_transition(
    current: CreditState, bills: Sequence[BillDue], today: date
) -> Transition | None:
    """The change to make now, or None when the account is already where it belongs.

    A partial payment that leaves one month owing moves two-way back to one-way.
    """
    if current is CreditState.CLOSED:
        return None
    months = months_in_arrears(bills, today)
    target = target_state(months)
    if target == current:
        return None
    return Transition(frm=current, to=target, reason=_reason(months), at=today, months=months)


def outgoing_allowed(state: CreditState) -> bool:
    """Whether the line may place calls."""
    return state is CreditState.ACTIVE


def incoming_allowed(state: CreditState) -> bool:
    """Whether the line may receive calls (one-way suspension still lets calls in)."""
    return state in (CreditState.ACTIVE, CreditState.ONE_WAY_SUSPENDED)
