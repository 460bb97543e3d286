"""Take a payment: credit the account, settle bills oldest first, restore service at once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.db.models import Account, Bill, Payment
from backoffice.domain.payments import OpenBill, allocate
from backoffice.services.arrears import reevaluate
from backoffice.services.audit import audit

METHODS = ("card", "agent", "api", "refund")


def apply_payment(
    db: Session, account_id: int, amount_fen: int, method: str, reference: str | None,
    actor: str, today: date,
) -> Payment:
    """Record a payment inside the caller's transaction.

    The balance is changed with one atomic UPDATE, so concurrent payments never lose one
    another; bills are settled oldest due date first; a payment that clears the arrears
    restores the account in the same transaction (电话复话 immediately, well inside 24 h).
    """
    if method not in METHODS:
        raise ValueError(f"unknown payment method {method!r}")
    if amount_fen <= 0:
        raise ValueError("a payment must be a positive amount")
    db.execute(update(Account).where(Account.id == account_id)
               .values(balance_fen=Account.balance_fen + amount_fen))
    open_bills = db.scalars(
        select(Bill).where(Bill.account_id == account_id, Bill.paid_fen < Bill.amount_fen)
        .order_by(Bill.due_date, Bill.id)
    ).all()
    allocation = allocate(amount_fen, [OpenBill(b.id, b.due_date, b.outstanding_fen)
                                       for b in open_bills])
    for bill_id, fen in allocation.applied:
        db.execute(update(Bill).where(Bill.id == bill_id).values(paid_fen=Bill.paid_fen + fen))
    payment = Payment(account_id=account_id, amount_fen=amount_fen, method=method,
                      reference=reference, created_by=actor)
    db.add(payment)
    db.flush()
    db.expire_all()
    account = db.get(Account, account_id)
    assert account is not None
    reevaluate(db, account, today, actor)
    audit(db, actor, "payment", "account", str(account_id), payment_id=payment.id,
          amount_fen=amount_fen, method=method, applied=allocation.applied)
    return payment
