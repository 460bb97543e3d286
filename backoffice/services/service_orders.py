"""Service orders (业务受理工单): new install, move, change, resume, stop.

Taken only for a customer whose identity is verified (IVR: PIN verified in the call; desk:
the agent on the call; API: the integrator vouches) and who has no arrears. Fulfilment
moves through the workflow (accept → start_fulfilment → complete → close), and the
progress is what the caller hears by phone, the agent sees and the API returns.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Account, Line, Ticket
from backoffice.domain.ticket_workflow import SERVICE_ORDER_SUBTYPES
from backoffice.services.arrears import months_owed
from backoffice.services.sla import SlaPolicy, default_policy
from backoffice.services.tickets import open_ticket

NOT_VERIFIED, ARREARS, NO_CUSTOMER, LINE_CLOSED = "not_verified", "arrears", "no_customer", \
    "line_closed"


class ServiceOrderRefused(Exception):
    """Why the order cannot be taken; `reason` is one of the constants above."""

    MESSAGES = {
        NOT_VERIFIED: "the customer's identity must be verified before a service order",
        ARREARS: "the customer has arrears: please pay first",
        NO_CUSTOMER: "a service order needs the customer (or one of their lines)",
        LINE_CLOSED: "the line is closed",
    }

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


def _accounts_to_check(db: Session, customer_id: int, line: Line | None) -> list[int]:
    if line is not None:
        return [line.account_id]
    return list(db.scalars(select(Account.id).where(Account.customer_id == customer_id)))


def place_service_order(
    db: Session, *, customer_id: int | None, line: Line | None, subtype: str, summary: str,
    channel: str, actor: str, now: datetime, verified: bool, details: str = "",
    demand: str | None = None, contact_number: str | None = None,
    owner_agent_id: int | None = None, policy: SlaPolicy | None = None,
) -> Ticket:
    """Open the order as 'received' with its SLA deadlines (28/38 days for a new install in
    an urban/rural area, 24 h for a change...). Raises ServiceOrderRefused."""
    if subtype not in SERVICE_ORDER_SUBTYPES:
        raise ValueError(f"unknown service order subtype {subtype!r}")
    if line is not None:
        customer_id = line.account.customer_id
    if customer_id is None:
        raise ServiceOrderRefused(NO_CUSTOMER)
    if not verified:
        raise ServiceOrderRefused(NOT_VERIFIED)
    if line is not None and line.status == "closed":
        raise ServiceOrderRefused(LINE_CLOSED)
    policy = policy or default_policy()
    today = policy.local_day(now)
    if any(months_owed(db, account_id, today) > 0
           for account_id in _accounts_to_check(db, customer_id, line)):
        raise ServiceOrderRefused(ARREARS)
    return open_ticket(
        db, type="service_order", subtype=subtype, summary=summary, channel=channel,
        actor=actor, now=now, customer_id=customer_id, line_id=line.id if line else None,
        details=details, demand=demand, contact_number=contact_number,
        owner_agent_id=owner_agent_id, policy=policy)
