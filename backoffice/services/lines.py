"""Find a line by its phone number (or its account's contract number) and describe the caller.

`identify` and `find_pin_line` run on every IVR call: their statements are built once, and they
take a DBAPI-level DirectConnection as well as a Session (backoffice/db/direct.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, joinedload

from backoffice.db.direct import Executor, prepared
from backoffice.db.models import Account, Bill, Blacklist, Customer, Line, Ticket
from backoffice.domain.ticket_workflow import FINAL_STATUSES

CLOSED_TICKET_STATES = tuple(sorted(FINAL_STATUSES))  # closed, cancelled: not "open" for the IVR
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
class PinLine:
    """What checking a PIN needs to know about a line (no ORM object: the IVR's hot path)."""

    id: int
    number: str
    customer_id: int
    pin_hash: str | None
    pin_salt: str | None
    pin_failures: int
    pin_locked_until: datetime | None


# Built once: a statement object caches its compiled SQL, building it costs more than running it.
_PIN_LINE_COLUMNS = (Line.id, Line.number, Account.customer_id, Line.pin_hash, Line.pin_salt,
                     Line.pin_failures, Line.pin_locked_until)
_PIN_LINE_BY_NUMBER = prepared(select(*_PIN_LINE_COLUMNS).join(Account, Line.account_id == Account.id)
                               .where(Line.number == bindparam("number")))
_PIN_LINE_BY_CONTRACT = prepared(select(*_PIN_LINE_COLUMNS).join(Account, Line.account_id == Account.id)
                                 .where(Account.contract_number == bindparam("number"))
                                 .order_by(Line.id).limit(1))


def find_pin_line(db: Executor, number: str) -> PinLine | None:
    """`find_line` for PIN checks: the same lookup, as plain values (works on any Executor)."""
    number = normalize_number(number)
    if not number:
        return None
    row = (db.execute(_PIN_LINE_BY_NUMBER, {"number": number}).one_or_none()
           or db.execute(_PIN_LINE_BY_CONTRACT, {"number": number}).one_or_none())
    return None if row is None else PinLine(*row)


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


_BLACKLISTED = select(Blacklist.id).where(Blacklist.number == bindparam("number")).exists()
_ARREARS_MONTHS = (select(func.count()).select_from(Bill)
                   .where(Bill.account_id == Account.id, Bill.paid_fen < Bill.amount_fen,
                          Bill.due_date < bindparam("today")).scalar_subquery())
# `!=` per state rather than NOT IN: an IN list is re-rendered on every execution.
_OPEN_TICKETS = (select(func.count()).select_from(Ticket)
                 .where(Ticket.customer_id == Customer.id,
                        *(Ticket.status != state for state in CLOSED_TICKET_STATES))
                 .scalar_subquery())
_IDENTIFY = prepared(select(Line.id, Line.language, Line.pin_hash.is_not(None), Customer.name,
                            Customer.vip_level, Customer.area, Account.credit_state, _ARREARS_MONTHS,
                            _OPEN_TICKETS, _BLACKLISTED)
                     .join(Account, Line.account_id == Account.id)
                     .join(Customer, Account.customer_id == Customer.id)
                     .where(Line.number == bindparam("number")))
_BLACKLISTED_ONLY = prepared(select(_BLACKLISTED))


def identify(db: Executor, caller_number: str, today: date) -> CallerInfo:
    """Everything the IVR needs about the caller in one round trip (it runs on every call)."""
    number = normalize_number(caller_number)
    if not number:
        return CallerInfo(number=number)
    row = db.execute(_IDENTIFY, {"number": number, "today": today}).one_or_none()
    if row is None:
        black = db.execute(_BLACKLISTED_ONLY, {"number": number}).scalar()
        return CallerInfo(number=number, blacklisted=bool(black))
    (line_id, language, pin_set, name, vip, area, credit_state, months, tickets, black) = row
    return CallerInfo(
        number=number, line_id=line_id, customer_name=name, language=language, vip_level=vip,
        in_arrears=months > 0, suspension=SUSPENSION.get(credit_state, "none"), area=area,
        open_tickets=tickets, pin_set=bool(pin_set), blacklisted=bool(black),
    )
