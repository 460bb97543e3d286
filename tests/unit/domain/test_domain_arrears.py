import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain.arrears import (
    BillDue,
    CreditState,
    Transition,
    incoming_allowed,
    months_in_arrears,
    next_transition,
    outgoing_allowed,
    target_state,
)

ACTIVE = CreditState.ACTIVE
ONE_WAY = CreditState.ONE_WAY_SUSPENDED
TWO_WAY = CreditState.TWO_WAY_SUSPENDED
CLOSED = CreditState.CLOSED

JAN = BillDue(date(2025, 1, 1), due_date=date(2025, 2, 15), outstanding_fen=5000)
FEB = BillDue(date(2025, 2, 1), due_date=date(2025, 3, 15), outstanding_fen=4200)
MAR = BillDue(date(2025, 3, 1), due_date=date(2025, 4, 15), outstanding_fen=3900)


def paid(bill: BillDue) -> BillDue:
    return dataclasses.replace(bill, outstanding_fen=0)


FEB_PAID = paid(FEB)


def test_credit_states_are_plain_strings_for_storage() -> None:
    assert [s.value for s in CreditState] == [
        "active",
        "one_way_suspended",
        "two_way_suspended",
        "closed",
    ]
    assert CreditState("one_way_suspended") is ONE_WAY


@pytest.mark.parametrize(
    ("bills", "today", "months"),
    [
        ([], date(2025, 6, 1), 0),
        ([JAN], date(2025, 2, 15), 0),  # on the due date is not yet late
        ([JAN], date(2025, 2, 16), 1),
        ([JAN, FEB], date(2025, 3, 15), 1),
        ([JAN, FEB], date(2025, 3, 16), 2),
        ([JAN, FEB_PAID], date(2025, 3, 16), 1),
        ([JAN, FEB, MAR], date(2025, 4, 16), 3),
        # two bills for the same month (e.g. a correction) count as one month
        ([JAN, BillDue(JAN.period, JAN.due_date, 100)], date(2025, 3, 1), 1),
    ],
)
def test_months_in_arrears(bills: list[BillDue], today: date, months: int) -> None:
    assert months_in_arrears(bills, today) == months


@pytest.mark.parametrize(
    ("months", "state"), [(0, ACTIVE), (1, ONE_WAY), (2, TWO_WAY), (7, TWO_WAY)]
)
def test_target_state(months: int, state: CreditState) -> None:
    assert target_state(months) is state


def test_target_state_refuses_negative_months() -> None:
    with pytest.raises(ValueError):
        target_state(-1)


@pytest.mark.parametrize(
    ("current", "bills", "today", "expected"),
    [
        (ACTIVE, [JAN], date(2025, 2, 10), None),
        (ACTIVE, [JAN], date(2025, 2, 16), (ONE_WAY, "arrears_1_month", 1)),
        (ONE_WAY, [JAN], date(2025, 2, 20), None),
        (ONE_WAY, [JAN, FEB], date(2025, 3, 16), (TWO_WAY, "arrears_2_months", 2)),
        (ACTIVE, [JAN, FEB], date(2025, 3, 16), (TWO_WAY, "arrears_2_months", 2)),
        (TWO_WAY, [JAN, FEB, MAR], date(2025, 4, 16), None),
        # full payment: restored at once
        (TWO_WAY, [paid(JAN), FEB_PAID], date(2025, 3, 20), (ACTIVE, "arrears_cleared", 0)),
        (ONE_WAY, [paid(JAN)], date(2025, 2, 20), (ACTIVE, "arrears_cleared", 0)),
        # partial payment that clears the older month: back to one-way
        (TWO_WAY, [paid(JAN), FEB], date(2025, 3, 20), (ONE_WAY, "arrears_1_month", 1)),
        # a closed account never changes
        (CLOSED, [JAN, FEB], date(2025, 3, 20), None),
        (CLOSED, [], date(2025, 3, 20), None),
    ],
)
def test_next_transition_table(
    current: CreditState,
    bills: list[BillDue],
    today: date,
    expected: tuple[CreditState, str, int] | None,
) -> None:
    transition = next_transition(current, bills, today)
    if expected is None:
        assert transition is None
    else:
        to, reason, months = expected
        assert transition == Transition(current, to, reason, today, months)


bill_lists = st.lists(
    st.builds(
        lambda month, due_offset, owed: BillDue(
            date(2024, month, 1), date(2024, month, 1) + timedelta(days=due_offset), owed
        ),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=28, max_value=60),
        st.sampled_from([0, 0, 1, 9999]),
    ),
    max_size=8,
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 6, 1))
open_states = st.sampled_from([ACTIVE, ONE_WAY, TWO_WAY])


@settings(max_examples=200)
@given(open_states, bill_lists, days)
def test_state_after_transition_follows_months_and_is_idempotent(
    current: CreditState, bills: list[BillDue], today: date
) -> None:
    transition = next_transition(current, bills, today)
    state = transition.to if transition else current
    assert state is target_state(months_in_arrears(bills, today))
    assert next_transition(state, bills, today) is None
    if transition:
        assert transition.frm is current and transition.to is not current


@settings(max_examples=100)
@given(bill_lists, days)
def test_closed_accounts_never_move(bills: list[BillDue], today: date) -> None:
    assert next_transition(CLOSED, bills, today) is None


@settings(max_examples=100)
@given(open_states, bill_lists, days)
def test_paying_everything_restores_service(
    current: CreditState, bills: list[BillDue], today: date
) -> None:
    settled = [paid(b) for b in bills]
    transition = next_transition(current, settled, today)
    if current is ACTIVE:
        assert transition is None
    else:
        assert transition is not None
        assert (transition.to, transition.reason) == (ACTIVE, "arrears_cleared")


def test_bill_due_guards() -> None:
    with pytest.raises(ValueError):
        BillDue(date(2025, 1, 2), date(2025, 2, 15), 100)
    with pytest.raises(ValueError):
        BillDue(date(2025, 1, 1), date(2025, 2, 15), -1)


def test_which_directions_each_state_allows() -> None:
    assert (outgoing_allowed(ACTIVE), incoming_allowed(ACTIVE)) == (True, True)
    assert (outgoing_allowed(ONE_WAY), incoming_allowed(ONE_WAY)) == (False, True)
    assert (outgoing_allowed(TWO_WAY), incoming_allowed(TWO_WAY)) == (False, False)
    assert (outgoing_allowed(CLOSED), incoming_allowed(CLOSED)) == (False, False)
