"""Find a line by its phone number (or its account's contract number) and describe the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from backoffice.db.models import Account, Bill, Blacklist, Customer, Line, Ticket

CLOSED_TICKET_STATES = ("closed",)
SUSPENSION = {"active": "none", "one_way_suspended": "one_way", "two_way_suspended": "two_way",
              "closed": "two_way"}


def normalize_number(number: str) -> str:
    """Digits only; a leading +86 or 0086 country code is dropped."""
    digits = "".join(c for c in number if c.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits


def find_line(db: Session, number: str) -> Line | None:
    """The line with this number; a contract number gives the account's first line."""
    number = normalize_number(number)
    if not number:
        return None
    line = db.scalar(select(Line).options(joinedload(Line.account).joinedload(Account.customer))
                     .where(Line.number == number))
    if line is None:
        line = db.scalar(select(Line).join(Account).where(Account.contract_number == number)
                         .order_by(Line.id).limit(1))
    return line


@dataclass(frozen=True)
class CallerInfo:
    number: str
    line_id: int | None = None
    customer_name: str = ""
    language: str | None = None
    vip_level: int = 0
    in_arrears: bool = False
    suspension: str = "none"
    area: str = ""
    open_tickets: int = 0
    pin_set: bool = False
    blacklisted: bool = False


def identify(db: Session, caller_number: str, today: date) -> CallerInfo:
    """Everything the IVR needs about the caller in one round trip (it runs on every call)."""
    number = normalize_number(caller_number)
    if not number:
        return CallerInfo(number=number)
    arrears = (select(func.count()).select_from(Bill)
               .where(Bill.account_id == Account.id, Bill.paid_fen < Bill.amount_fen,
                      Bill.due_date < today).scalar_subquery())
    open_tickets = (select(func.count()).select_from(Ticket)
                    .where(Ticket.customer_id == Customer.id,
                           Ticket.status.not_in(CLOSED_TICKET_STATES)).scalar_subquery())
    blacklisted = select(Blacklist.id).where(Blacklist.number == number).exists()
    row = db.execute(
        select(Line.id, Line.language, Line.pin_hash.is_not(None), Customer.name,
               Customer.vip_level, Customer.area, Account.credit_state, arrears, open_tickets,
               blacklisted)
        .join(Account, Line.account_id == Account.id)
        .join(Customer, Account.customer_id == Customer.id)
        .where(Line.number == number)
    ).one_or_none()
    if row is None:
        return CallerInfo(number=number, blacklisted=bool(db.scalar(select(blacklisted))))
    (line_id, language, pin_set, name, vip, area, credit_state, months, tickets, black) = row
    return CallerInfo(
        number=number, line_id=line_id, customer_name=name, language=language, vip_level=vip,
        in_arrears=months > 0, suspension=SUSPENSION.get(credit_state, "none"), area=area,
        open_tickets=tickets, pin_set=bool(pin_set), blacklisted=bool(black),
    )
