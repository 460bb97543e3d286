from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain.payments import Allocation, OpenBill, allocate

D = date(2025, 1, 15)


def test_payment_goes_to_oldest_due_date_first_and_rest_to_balance() -> None:
    bills = [
        OpenBill(bill_id=3, due_date=D + timedelta(days=60), outstanding_fen=3000),
        OpenBill(bill_id=1, due_date=D, outstanding_fen=5000),
        OpenBill(bill_id=2, due_date=D + timedelta(days=30), outstanding_fen=4000),
    ]
    assert allocate(6000, bills) == Allocation(applied=[(1, 5000), (2, 1000)], remainder_fen=0)
    assert allocate(15000, bills) == Allocation(
        applied=[(1, 5000), (2, 4000), (3, 3000)], remainder_fen=3000
    )


def test_same_due_date_is_settled_by_bill_id() -> None:
    bills = [OpenBill(9, D, 100), OpenBill(4, D, 100)]
    assert allocate(150, bills).applied == [(4, 100), (9, 50)]


def test_no_open_bills_means_all_prepaid() -> None:
    allocation = allocate(1000, [])
    assert allocation == Allocation(applied=[], remainder_fen=1000)
    assert allocation.applied_fen == 0


def test_bills_with_nothing_outstanding_get_nothing() -> None:
    assert allocate(100, [OpenBill(1, D, 0), OpenBill(2, D, 80)]) == Allocation([(2, 80)], 20)


@pytest.mark.parametrize("amount", [0, -1])
def test_amount_must_be_positive(amount: int) -> None:
    with pytest.raises(ValueError):
        allocate(amount, [OpenBill(1, D, 100)])


@pytest.mark.parametrize("amount", [10.0, True, "100"])
def test_amount_must_be_int_fen(amount: object) -> None:
    with pytest.raises(TypeError):
        allocate(amount, [])  # type: ignore[arg-type]


def test_duplicate_or_negative_bills_are_refused() -> None:
    with pytest.raises(ValueError):
        allocate(100, [OpenBill(1, D, 10), OpenBill(1, D, 10)])
    with pytest.raises(ValueError):
        allocate(100, [OpenBill(1, D, -10)])


open_bill_lists = st.lists(
    st.builds(
        OpenBill,
        bill_id=st.integers(min_value=1, max_value=10_000),
        due_date=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
        outstanding_fen=st.integers(min_value=0, max_value=1_000_000),
    ),
    max_size=12,
    unique_by=lambda b: b.bill_id,
)


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=5_000_000), open_bill_lists)
def test_allocation_conserves_money_and_pays_oldest_first(
    amount: int, bills: list[OpenBill]
) -> None:
    allocation = allocate(amount, bills)
    by_id = {b.bill_id: b for b in bills}

    assert allocation.applied_fen + allocation.remainder_fen == amount
    assert allocation.remainder_fen >= 0
    for bill_id, fen in allocation.applied:
        assert 0 < fen <= by_id[bill_id].outstanding_fen

    # Oldest first: every bill before the last one paid is paid in full, and anything
    # left over means every bill was paid in full.
    ordered = sorted(
        (b for b in bills if b.outstanding_fen > 0), key=lambda b: (b.due_date, b.bill_id)
    )
    paid_ids = [bill_id for bill_id, _ in allocation.applied]
    assert paid_ids == [b.bill_id for b in ordered[: len(paid_ids)]]
    for bill_id, fen in allocation.applied[:-1]:
        assert fen == by_id[bill_id].outstanding_fen
    if allocation.remainder_fen > 0:
        assert allocation.applied_fen == sum(b.outstanding_fen for b in bills)
