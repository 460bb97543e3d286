"""Ticket state changes leave the back office through this one door (outgoing webhooks).

The ticket workflow calls `ticket_state_changed` inside the transaction that changes the
ticket, so the webhook deliveries commit or roll back with the change itself. Ticket
creation is reported too, as `ticket.created` (an event without a from-status).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from backoffice.db.models import Ticket, TicketEvent
from backoffice.services.webhook_outbox import TICKET_CREATED, TICKET_STATUS_CHANGED, enqueue_event


def ticket_event_id(event: TicketEvent) -> str:
    """The webhook event id of a ticket event: the same on every retry, so receivers dedupe."""
    return f"evt_ticket_{event.id}"


def ticket_state_changed(db: Session, ticket: Ticket, event: TicketEvent) -> None:
    """Record the change for delivery, in the caller's transaction.

    An event that keeps the status (a note) is not a state change and sends nothing.
    """
    if event.from_status is not None and event.from_status == event.to_status:
        return
    if event.id is None or event.at is None:
        db.flush()  # the event's id names the webhook event; its time is when it happened
    event_type = TICKET_CREATED if event.from_status is None else TICKET_STATUS_CHANGED
    enqueue_event(db, event_type, ticket_event_id(event), ticket_change_data(ticket, event),
                  event.at)


def ticket_change_data(ticket: Ticket, event: TicketEvent) -> dict[str, Any]:
    """What receivers learn: the ticket's identity and the change; never notes, contact
    numbers or anything a caller keyed in."""
    return {
        "ticket": {"number": ticket.number, "type": ticket.type, "subtype": ticket.subtype,
                   "channel": ticket.channel, "customer_id": ticket.customer_id},
        "from_status": event.from_status,
        "to_status": event.to_status,
        "action": event.action,
        "actor": event.actor,
        "at": event.at.isoformat(),
    }
