"""What the agent does for the caller during the call: ticket, payment, PIN reset, line
features. Each answers with one translated line; the screen pop is then redrawn."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from starlette.responses import Response

from backoffice.db.base import utcnow
from backoffice.desk import replies
from backoffice.desk.auth import AgentUser
from backoffice.desk.call_routes import acting
from backoffice.desk.routing import desk_router
from backoffice.domain.money import to_yuan_str
from backoffice.services.desk_calls import TALKING, own_entry, owned_entry
from backoffice.services.desk_customer_actions import (
    ActionRefused,
    change_line,
    create_ticket,
    reset_pin,
    take_payment,
)
from backoffice.services.desk_tickets import TicketActionRefused, settle_on_call

router = desk_router("/desk/call")


@router.post("/{entry_id}/ticket")
def ticket(request: Request, agent: AgentUser, entry_id: int,
           type: Annotated[str, Form(max_length=20)],
           summary: Annotated[str, Form(max_length=200)],
           details: Annotated[str, Form(max_length=4000)] = "",
           demand: Annotated[str, Form(max_length=4000)] = "",
           contact: Annotated[str, Form(max_length=20)] = "",
           line_id: Annotated[str, Form(pattern="^[0-9]{0,12}$")] = "",
           outcome: Annotated[str, Form(pattern="^(|send_to_qa|resolve_on_call)$")] = "",
           resolution: Annotated[str, Form(max_length=4000)] = "",
           satisfaction: Annotated[str, Form(max_length=2)] = "") -> Response:
    """A complaint (or appeal) is then either solved on the call or sent to QA, in the same
    transaction: a refused outcome leaves no half-recorded ticket behind."""
    now = utcnow()
    try:
        with acting(request, agent.id) as (db, me):
            created = create_ticket(db, own_entry(db, me, entry_id), me, type, summary,
                                    details, now, demand=demand, contact_number=contact,
                                    line_id=int(line_id) if line_id else None)
            settled = settle_on_call(db, created, me, outcome, resolution, satisfaction, now)
            number = created.number
    except (ActionRefused, TicketActionRefused) as refusal:
        return replies.refused(request, refusal.code, 422)
    code = {"send_to_qa": "ticket_sent_to_qa",
            "resolve_on_call": "ticket_resolved_on_call"}.get(settled or "", "ticket_created")
    return replies.message(request, code, number=number)


@router.post("/{entry_id}/payment")
def payment(request: Request, agent: AgentUser, entry_id: int,
            account_id: Annotated[int, Form()],
            amount: Annotated[str, Form(max_length=40)],
            token: Annotated[str, Form(max_length=64)] = "") -> Response:
    try:
        with acting(request, agent.id) as (db, me):
            taken = take_payment(db, owned_entry(db, me, entry_id, (TALKING,)), me,
                                 account_id, amount, token, utcnow())
            fen, payment_id = taken.payment.amount_fen, taken.payment.id
    except ActionRefused as refusal:
        return replies.refused(request, refusal.code, 422)
    code = "payment_replayed" if taken.replayed else "payment_taken"
    return replies.message(request, code, amount=to_yuan_str(fen), id=payment_id)


@router.post("/{entry_id}/pin")
def pin(request: Request, agent: AgentUser, entry_id: int,
        line_id: Annotated[int, Form()],
        new_pin: Annotated[str, Form(max_length=12)],
        confirm_pin: Annotated[str, Form(max_length=12)],
        document_checked: Annotated[str, Form(max_length=3)] = "") -> Response:
    """The digits go from the form to the keyed hash and nowhere else (no echo, no log)."""
    key = request.app.state.settings.pin_key_bytes
    try:
        with acting(request, agent.id) as (db, me):
            line = reset_pin(db, owned_entry(db, me, entry_id, (TALKING,)), me, line_id,
                             new_pin, confirm_pin, document_checked == "yes", key, utcnow())
            number = line.number
    except ActionRefused as refusal:
        return replies.refused(request, refusal.code, 422)
    return replies.message(request, "pin_reset_done", number=number)


@router.post("/{entry_id}/line")
def line(request: Request, agent: AgentUser, entry_id: int,
         line_id: Annotated[int, Form()],
         change: Annotated[str, Form(max_length=20)],
         enable: Annotated[str, Form(pattern="^(on|off)$")] = "on",
         target: Annotated[str, Form(max_length=20)] = "") -> Response:
    try:
        with acting(request, agent.id) as (db, me):
            outcome = change_line(db, owned_entry(db, me, entry_id, (TALKING,)), me, line_id,
                                  change, enable == "on", target.strip() or None, utcnow())
            if not outcome.ok:
                db.rollback()
    except ActionRefused as refusal:
        return replies.refused(request, refusal.code, 422)
    if not outcome.ok:
        return replies.refused(request, outcome.reason or "not_allowed", 409)
    return replies.message(request, "line_changed", number=outcome.order_number)
