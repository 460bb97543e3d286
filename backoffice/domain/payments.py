"""How a payment is spread over open bills: oldest due date first, the rest is prepaid credit.

Paying the oldest bill first clears the longest arrears first, which is what lifts a
suspension soonest (see ``arrears``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OpenBill:
    bill_id: int
    due_date: date
    outstanding_fen: int


@dataclass(frozen=True)
class Allocation:
    """``applied`` is (bill_id, fen) in the order paid; ``remainder_fen`` goes to the balance."""

    applied: list[tuple[int, int]] = field(default_factory=list)
    remainder_fen: int = 0

    @property
    def applied_fen(self) -> int:
        return sum(fen for _, fen in self.applied)


def allocate(amount_fen: int, open_bills: Sequence[OpenBill]) -> Allocation:
    """Apply ``amount_fen`` to bills by due date (ties by bill id); never over-pays a bill."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        raise TypeError("payment amount must be an int number of fen")
    if amount_fen <= 0:
        raise ValueError("payment amount must be positive")
    ids = [b.bill_id for b in open_bills]
    if len(set(ids)) != len(ids):
        raise ValueError("each open bill may appear only once")
    if any(b.outstanding_fen < 0 for b in open_bills):
        raise ValueError("a bill's outstanding amount cannot be negative")

    left = amount_fen
    applied: list[tuple[int, int]] = []
    for bill in sorted(open_bills, key=lambda b: (b.due_date, b.bill_id)):
        if left == 0:
            break
        share = min(left, bill.outstanding_fen)
        if share > 0:
            applied.append((bill.bill_id, share))
            left -= share
    return Allocation(applied=applied, remainder_fen=left)
