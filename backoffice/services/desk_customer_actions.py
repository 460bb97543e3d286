"""What an agent does for the caller during the call: open a ticket, take a payment, reset
the PIN, change a line's features, or tell the system who an unknown caller is.

Every action is tied to the agent's current queue entry and only touches that caller's
own lines and accounts, so the desk cannot be used to act on an arbitrary customer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backoffice.db.models import (
    Account,
    Agent,
    IdempotencyRecord,
    Line,
    Payment,
    QueueEntry,
    Ticket,
)
from backoffice.domain.money import parse_yuan
from backoffice.domain.pins import PinRejected
from backoffice.services import pins, self_service
from backoffice.services.audit import audit
from backoffice.services.lines import find_line
from backoffice.services.payments import apply_payment
from backoffice.services.self_service import ChangeOutcome
from backoffice.services.tickets import TICKET_TYPES, open_ticket

MAX_PAYMENT_FEN = 5_000_000  # 50,000 yuan: larger sums go through the cashier, not the phone
CONTACT_NUMBER = re.compile(r"^\+?[0-9][0-9-]{2,19}$")


class ActionRefused(Exception):
    """The action cannot be carried out. `code` is a stable key; never carries PIN digits."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def actor_of(agent: Agent) -> str:
    return f"agent:{agent.username}"


def _line_of_caller(db: Session, entry: QueueEntry, line_id: int) -> Line:
    line = db.get(Line, line_id)
    if line is None or entry.customer_id is None or line.account.customer_id != entry.customer_id:
        raise ActionRefused("not_this_customer")
    return line


def _account_of_caller(db: Session, entry: QueueEntry, account_id: int) -> Account:
    account = db.get(Account, account_id)
    if account is None or entry.customer_id is None or account.customer_id != entry.customer_id:
        raise ActionRefused("not_this_customer")
    return account


def create_ticket(db: Session, entry: QueueEntry, agent: Agent, type: str, summary: str,
                  details: str, now: datetime, *, demand: str = "",
                  contact_number: str | None = None, line_id: int | None = None) -> Ticket:
    """首问负责制: the agent who takes the request owns the ticket.

    A complaint records its content (`details`), the customer's demand, the number it is
    about (one of the caller's own lines) and a contact number (by default the caller's)."""
    if type not in TICKET_TYPES:
        raise ActionRefused("bad_ticket_type")
    summary = summary.strip()
    if not summary:
        raise ActionRefused("summary_required")
    contact = (contact_number or "").strip()
    if contact and not CONTACT_NUMBER.match(contact):
        raise ActionRefused("bad_number")
    contact = contact or entry.callback_number or entry.caller_number
    line = _line_of_caller(db, entry, line_id).id if line_id is not None else entry.line_id
    return open_ticket(db, type=type, summary=summary[:200], details=details.strip(),
                       channel="agent", actor=actor_of(agent), now=now,
                       customer_id=entry.customer_id, line_id=line,
                       contact_number=contact or None, owner_agent_id=agent.id,
                       demand=demand.strip() or None)


@dataclass(frozen=True)
class PaymentTaken:
    payment: Payment
    replayed: bool


def take_payment(db: Session, entry: QueueEntry, agent: Agent, account_id: int,
                 amount_text: str, form_token: str, now: datetime) -> PaymentTaken:
    """Credit the account with an amount typed in yuan, parsed exactly (never a float).

    `form_token` is the payment form's one-time key: a double click or a resent form
    finds the payment already taken instead of applying it twice.
    """
    account = _account_of_caller(db, entry, account_id)
    try:
        amount_fen = parse_yuan(amount_text)
    except ValueError:
        raise ActionRefused("bad_amount") from None
    if amount_fen <= 0 or amount_fen > MAX_PAYMENT_FEN:
        raise ActionRefused("amount_out_of_range")
    if not 16 <= len(form_token) <= 64:
        raise ActionRefused("expired")
    owner = f"desk:{agent.username}"[:64]
    request_hash = hashlib.sha256(f"{account.id}:{amount_fen}".encode()).hexdigest()
    earlier = db.scalar(select(IdempotencyRecord).where(IdempotencyRecord.owner == owner,
                                                        IdempotencyRecord.key == form_token))
    if earlier is not None:
        return _replay(db, earlier, request_hash)
    try:
        with db.begin_nested():
            record = IdempotencyRecord(owner=owner, key=form_token, request_hash=request_hash,
                                       status="done", created_at=now, note="desk payment")
            db.add(record)
            db.flush()
    except IntegrityError:
        earlier = db.scalar(select(IdempotencyRecord).where(
            IdempotencyRecord.owner == owner, IdempotencyRecord.key == form_token))
        assert earlier is not None
        return _replay(db, earlier, request_hash)
    payment = apply_payment(db, account.id, amount_fen, "agent", f"desk:{entry.id}",
                            actor_of(agent), now.date())
    record.response_status = 201
    record.response_body = {"payment_id": payment.id}
    return PaymentTaken(payment, replayed=False)


def _replay(db: Session, record: IdempotencyRecord, request_hash: str) -> PaymentTaken:
    if record.request_hash != request_hash or not record.response_body:
        raise ActionRefused("form_reused")
    payment = db.get(Payment, record.response_body["payment_id"])
    assert payment is not None
    return PaymentTaken(payment, replayed=True)


def reset_pin(db: Session, entry: QueueEntry, agent: Agent, line_id: int, new_pin: str,
              confirm_pin: str, document_checked: bool, key: bytes, now: datetime) -> Line:
    """Only after the agent has checked the customer's identity document (REQUIREMENTS §2).

    The new PIN is the one the customer chose and told the agent; it is validated by the
    PIN policy and stored hashed. The audit log records that the document was checked,
    never the digits.
    """
    if not document_checked:
        raise ActionRefused("document_not_checked")
    line = _line_of_caller(db, entry, line_id)
    if new_pin != confirm_pin:
        raise ActionRefused("pins_differ")
    try:
        pins.set_pin(db, line, new_pin, key, now, actor_of(agent), reason="pin_reset_by_agent")
    except PinRejected as rejected:
        raise ActionRefused(f"pin_{rejected.code}") from None
    audit(db, actor_of(agent), "pin_reset_identity_checked", "line", str(line.id),
          identity_document_checked=True, queue_entry_id=entry.id)
    return line


def change_line(db: Session, entry: QueueEntry, agent: Agent, line_id: int, change: str,
                enable: bool, target: str | None, now: datetime) -> ChangeOutcome:
    if change not in self_service.CHANGES:
        raise ActionRefused("bad_change")
    line = _line_of_caller(db, entry, line_id)
    return self_service.apply_change(db, line, change, enable, target, channel="agent",
                                     actor=actor_of(agent), now=now)


def identify_caller(db: Session, entry: QueueEntry, agent: Agent, number: str) -> Line:
    """An unknown caller tells the agent their number or contract number: the call (and the
    screen pop) is linked to that customer."""
    line = find_line(db, number)
    if line is None:
        raise ActionRefused("no_such_line")
    entry.line_id = line.id
    entry.customer_id = line.account.customer_id
    entry.vip_level = line.account.customer.vip_level
    audit(db, actor_of(agent), "caller_identified", "queue_entry", str(entry.id),
          line_id=line.id)
    return line
