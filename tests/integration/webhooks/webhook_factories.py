"""Small factories for webhook tests: endpoints, and tickets with a status change."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy.orm import Session

from backoffice.db.models import Ticket, TicketEvent, WebhookEndpoint
from backoffice.domain.ticket_numbers import make_ticket_number
from backoffice.services.ticket_outbox import ticket_state_changed

_sequence = itertools.count(1)


def add_endpoint(db: Session, url: str, event_types: list[str] | None = None,
                 active: bool = True) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url=url, description="test", event_types=event_types or [],
                               active=active, created_by="test")
    db.add(endpoint)
    db.flush()
    return endpoint


def add_ticket(db: Session, now: datetime, status: str = "received") -> Ticket:
    ticket = Ticket(number=make_ticket_number(next(_sequence), now.date()), type="complaint",
                    status=status, channel="api", summary="charged twice", details="PIN 123456",
                    created_at=now, updated_at=now)
    db.add(ticket)
    db.flush()
    return ticket


def change_status(db: Session, ticket: Ticket, to_status: str, action: str,
                  now: datetime) -> TicketEvent:
    """What the ticket workflow does on a status change: the event, then the outbox."""
    event = TicketEvent(ticket_id=ticket.id, at=now, actor="agent:zhang", action=action,
                        from_status=ticket.status, to_status=to_status, note="secret note")
    ticket.status = to_status
    db.add(event)
    ticket_state_changed(db, ticket, event)
    return event
