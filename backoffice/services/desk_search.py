"""Finding a customer on the desk (by phone number, name or contract number) and the
customer page. Customer data is confidential: every search and every view is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from backoffice.db.models import Account, Agent, Bill, Customer, Line, Ticket
from backoffice.services.arrears import months_owed
from backoffice.services.audit import audit
from backoffice.services.customer_queries import customers_matching, owed_fen
from backoffice.services.lines import normalize_number

MAX_RESULTS = 50
BILLS_SHOWN = 6
TICKETS_SHOWN = 20
MIN_NAME_CHARS = 1


@dataclass(frozen=True)
class Hit:
    customer: Customer
    numbers: list[str]
    contracts: list[str]


def search_customers(db: Session, agent: Agent, query: str) -> list[Hit]:
    """Digits look up a line number or a contract number; anything else part of a name."""
    query = query.strip()[:64]
    if len(query) < MIN_NAME_CHARS:
        return []
    if query.replace(" ", "").replace("-", "").lstrip("+").isdigit():
        digits = normalize_number(query)
        ids = set(db.scalars(customers_matching(number=digits).with_only_columns(Customer.id)))
        ids |= set(db.scalars(customers_matching(contract_number=digits)
                              .with_only_columns(Customer.id)))
        stmt = select(Customer).where(Customer.id.in_(ids))
    else:
        stmt = customers_matching(name=query)
    customers = list(db.scalars(stmt.options(
        selectinload(Customer.accounts).selectinload(Account.lines))
        .order_by(Customer.name, Customer.id).limit(MAX_RESULTS)))
    audit(db, f"agent:{agent.username}", "customer_search", "customer", None,
          query=query, results=len(customers))
    return [Hit(c, [ln.number for a in c.accounts for ln in a.lines],
                [a.contract_number for a in c.accounts]) for c in customers]


@dataclass(frozen=True)
class AccountDetail:
    account: Account
    owed_fen: int
    arrears_months: int
    bills: list[Bill]


@dataclass(frozen=True)
class CustomerDetail:
    customer: Customer
    accounts: list[AccountDetail]
    tickets: list[Ticket]


def customer_detail(db: Session, agent: Agent, customer_id: int,
                    today: date) -> CustomerDetail | None:
    customer = db.scalar(select(Customer).where(Customer.id == customer_id).options(
        selectinload(Customer.accounts).selectinload(Account.lines).selectinload(Line.plan)))
    if customer is None:
        return None
    accounts = [AccountDetail(
        account, owed_fen(db, account.id), months_owed(db, account.id, today),
        list(db.scalars(select(Bill).where(Bill.account_id == account.id)
                        .order_by(Bill.period.desc()).limit(BILLS_SHOWN))))
        for account in customer.accounts]
    tickets = list(db.scalars(select(Ticket).where(Ticket.customer_id == customer.id)
                              .order_by(Ticket.created_at.desc()).limit(TICKETS_SHOWN)))
    audit(db, f"agent:{agent.username}", "customer_viewed", "customer", str(customer.id),
          via="desk")
    return CustomerDetail(customer, accounts, tickets)
