"""Find a line by its phone number (or its account's contract number) and describe the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from backoffice.db.models import Account, Blacklist, Line, Ticket
from backoffice.services.arrears import months_owed

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
    number = normalize_number(caller_number)
    blacklisted = bool(number) and db.scalar(
        select(func.count()).select_from(Blacklist).where(Blacklist.number == number)) > 0
    line = db.scalar(select(Line).options(joinedload(Line.account).joinedload(Account.customer))
                     .where(Line.number == number)) if number else None
    if line is None:
        return CallerInfo(number=number, blacklisted=blacklisted)
    customer = line.account.customer
    open_tickets = db.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.customer_id == customer.id, Ticket.status.not_in(CLOSED_TICKET_STATES))) or 0
    return CallerInfo(
        number=number, line_id=line.id, customer_name=customer.name, language=line.language,
        vip_level=customer.vip_level, in_arrears=months_owed(db, line.account_id, today) > 0,
        suspension=SUSPENSION.get(line.account.credit_state, "none"), area=customer.area,
        open_tickets=open_tickets, pin_set=line.pin_hash is not None, blacklisted=blacklisted,
    )
