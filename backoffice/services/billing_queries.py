"""Read models of bills, their itemized records (清单) and payments."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from backoffice.db.direct import Executor, prepared
from backoffice.db.models import Account, Bill, BillItem, Line, Payment

# Built once (it runs on most IVR calls): the statement keeps its compiled SQL.
_BALANCE_OF_LINE = prepared(select(Account.balance_fen).join(Line, Line.account_id == Account.id)
                            .where(Line.id == bindparam("line_id")))


def balance_of_line(db: Executor, line_id: int) -> int | None:
    """The balance (fen) of the line's account; None when there is no such line."""
    fen: int | None = db.execute(_BALANCE_OF_LINE, {"line_id": line_id}).scalar()
    return fen


def bills_of_account(account_id: int) -> Select[tuple[Bill]]:
    return select(Bill).where(Bill.account_id == account_id)


def bill_with_items(db: Session, bill_id: int) -> tuple[Bill, list[tuple[BillItem, str]]] | None:
    """The bill and its items in time order, each with the number of the line it was on."""
    bill = db.get(Bill, bill_id)
    if bill is None:
        return None
    rows = db.execute(
        select(BillItem, Line.number).join(Line, Line.id == BillItem.line_id)
        .where(BillItem.bill_id == bill_id)
        .order_by(BillItem.started_at.asc().nulls_first(), BillItem.id)
    ).all()
    return bill, [(item, number) for item, number in rows]


def payments_of_account(account_id: int) -> Select[tuple[Payment]]:
    return select(Payment).where(Payment.account_id == account_id)
