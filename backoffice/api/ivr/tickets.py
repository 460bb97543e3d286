"""Ticket progress by number, and fault reports (known incident first, else a new ticket)."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.deps import SessionDep, SettingsDep, WriteSessionDep
from backoffice.api.ivr.auth import OptionalCaller
from backoffice.api.ivr.replay import once_per_call
from backoffice.api.ivr.schemas import (
    FaultIn,
    FaultOut,
    IncidentOut,
    TicketStatusIn,
    TicketStatusOut,
)
from backoffice.api.problems import NotFound
from backoffice.db.base import utcnow
from backoffice.db.models import Line
from backoffice.domain.ticket_numbers import is_valid_ticket_number
from backoffice.services import faults, lines
from backoffice.services.sla import SlaPolicy
from backoffice.services.tickets import find_ticket

router = APIRouter()
# The IVR speaks a handful of progress words (fs_scripts `TicketState`, one prompt each);
# the workflow's statuses map onto them. Anything else is said as "in progress".
SPOKEN_STATUS = {
    "received": "received",
    "qa_review": "in_progress", "reply_review": "in_progress",
    "in_department": "waiting_department",
    "informing": "resolved",
    "accepted": "in_progress", "in_fulfilment": "in_progress", "completed": "resolved",
    "linked": "in_progress", "dispatched": "in_progress", "repaired": "resolved",
    "acknowledged": "in_progress", "in_progress": "in_progress",
    "closed": "closed", "cancelled": "closed",
}


@router.post("/tickets/status", response_model=TicketStatusOut, summary="Progress of a ticket")
def ticket_status(body: TicketStatusIn, caller: OptionalCaller, db: SessionDep) -> TicketStatusOut:
    """Details only for the caller's own tickets: those of the customer calling, or of the
    customer whose PIN was verified in this call."""
    number = body.ticket_number
    if not is_valid_ticket_number(number):
        return TicketStatusOut(ticket_number=number, found=False, valid_number=False)
    ticket = find_ticket(db, number)
    if ticket is None:
        return TicketStatusOut(ticket_number=number, found=False)
    own_customers = set()
    calling = lines.find_line(db, body.caller_number) if body.caller_number else None
    if calling is not None:
        own_customers.add(calling.account.customer_id)
    if caller is not None:
        verified = db.get(Line, caller.line_id)
        if verified is not None:
            own_customers.add(verified.account.customer_id)
    if ticket.customer_id not in own_customers:
        return TicketStatusOut(ticket_number=number, found=True, owned_by_caller=False)
    return TicketStatusOut(
        ticket_number=number, found=True, owned_by_caller=True, type=ticket.type,
        status=SPOKEN_STATUS.get(ticket.status, "in_progress"),
        updated=ticket.updated_at.date().isoformat())


@router.post("/faults", response_model=FaultOut, summary="Report a fault on a line")
def report_fault(body: FaultIn, caller: OptionalCaller, db: WriteSessionDep,
                 settings: SettingsDep) -> FaultOut:
    """A matching open incident in the line's area gives the unified reply (cause and
    expected fix) and no ticket number: the report is recorded as a fault ticket linked to
    the incident (once per line and incident), closed when the incident is resolved.
    Otherwise a fault ticket is opened and its number returned."""
    line = lines.find_line(db, body.number)
    if line is None:
        raise NotFound("no line with that number")

    def act() -> FaultOut:
        outcome = faults.report_fault(db, line, body.fault_code, "ivr",
                                      "ivr:verified" if caller else "ivr", utcnow(),
                                      SlaPolicy.from_settings(settings))
        if outcome.incident is not None:
            eta = outcome.incident.expected_fix_at
            return FaultOut(incident=IncidentOut(cause=outcome.incident.cause_code,
                                                 eta=eta.isoformat() if eta else None))
        assert outcome.ticket is not None
        return FaultOut(ticket_number=outcome.ticket.number)

    result = once_per_call(db, f"fault:{body.call_id}:{line.id}",
                           {"code": body.fault_code}, FaultOut, act)
    db.commit()
    return result
