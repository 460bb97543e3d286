"""Apply the arrears state machine to accounts: after payments at once, and in the daily run."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import Account, Bill, CreditEvent
from backoffice.domain.arrears import BillDue, CreditState, Transition, next_transition
from backoffice.services.audit import audit


def bills_due(db: Session, account_id: int) -> list[BillDue]:
    bills = db.scalars(select(Bill).where(Bill.account_id == account_id)).all()
    return [BillDue(b.period, b.due_date, b.outstanding_fen) for b in bills]


def months_owed(db: Session, account_id: int, today: date) -> int:
    from backoffice.domain.arrears import months_in_arrears

    return months_in_arrears(bills_due(db, account_id), today)


def reevaluate(db: Session, account: Account, today: date, actor: str) -> Transition | None:
    """Move the account to the state its bills call for, recording the event (idempotent)."""
    transition = next_transition(CreditState(account.credit_state), bills_due(db, account.id), today)
    if transition is None:
        return None
    account.credit_state = str(transition.to)
    account.credit_state_since = utcnow()
    db.add(CreditEvent(account_id=account.id, from_state=str(transition.frm),
                       to_state=str(transition.to), reason=transition.reason,
                       effective_on=today.isoformat()))
    audit(db, actor, "credit_state_changed", "account", str(account.id),
          frm=str(transition.frm), to=str(transition.to), reason=transition.reason)
    return transition


def billing_run(db: Session, today: date, batch: int = 500) -> dict[str, int]:
    """The daily job: every open account with unpaid past-due bills, or currently suspended,
    is re-evaluated. Safe to run twice for the same day: the second run changes nothing."""
    candidates = select(Account.id).where(
        (Account.credit_state != str(CreditState.CLOSED))
        & (
            (Account.credit_state != str(CreditState.ACTIVE))
            | Account.id.in_(select(Bill.account_id).where(
                (Bill.paid_fen < Bill.amount_fen) & (Bill.due_date < today)))
        )
    ).order_by(Account.id)
    counts: dict[str, int] = {}
    ids = list(db.scalars(candidates))
    for start in range(0, len(ids), batch):
        for account in db.scalars(select(Account).where(Account.id.in_(ids[start:start + batch]))):
            transition = reevaluate(db, account, today, "system:billing-run")
            if transition is not None:
                counts[str(transition.to)] = counts.get(str(transition.to), 0) + 1
        db.flush()
    return counts
