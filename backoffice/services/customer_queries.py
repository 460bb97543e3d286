"""Read models of customers, their accounts and lines, for the integrator API."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import Account, Bill, Customer, Line
from backoffice.services.arrears import months_owed


def customers_matching(
    number: str | None = None, name: str | None = None, contract_number: str | None = None,
) -> Select[tuple[Customer]]:
    """Customers filtered by one of their line numbers, part of the name, a contract number."""
    stmt = select(Customer)
    if number is not None:
        stmt = stmt.where(Customer.id.in_(
            select(Account.customer_id).join(Line, Line.account_id == Account.id)
            .where(Line.number == number)))
    if contract_number is not None:
        stmt = stmt.where(Customer.id.in_(
            select(Account.customer_id).where(Account.contract_number == contract_number)))
    if name is not None:
        stmt = stmt.where(func.lower(Customer.name).contains(name.lower(), autoescape=True))
    return stmt


def customer_with_accounts(db: Session, customer_id: int) -> Customer | None:
    return db.scalar(select(Customer).where(Customer.id == customer_id).options(
        selectinload(Customer.accounts).selectinload(Account.lines).selectinload(Line.plan)))


def account_with_lines(db: Session, account_id: int) -> Account | None:
    return db.scalar(select(Account).where(Account.id == account_id).options(
        selectinload(Account.lines).selectinload(Line.plan)))


def line_with_plan(db: Session, line_id: int) -> Line | None:
    return db.scalar(select(Line).where(Line.id == line_id).options(
        selectinload(Line.plan), selectinload(Line.account)))


def owed_fen(db: Session, account_id: int) -> int:
    """What the account's bills still ask for, in fen."""
    owed = db.scalar(select(func.coalesce(func.sum(Bill.amount_fen - Bill.paid_fen), 0))
                     .where(Bill.account_id == account_id, Bill.paid_fen < Bill.amount_fen))
    return int(owed or 0)


def arrears_months(db: Session, account_id: int, today: date) -> int:
    return months_owed(db, account_id, today)


def line_by_number(db: Session, number: str) -> Line | None:
    return db.scalar(select(Line).where(Line.number == number)
                     .options(selectinload(Line.account)))
