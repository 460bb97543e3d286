"""Every action from every status of every type through the service, on each database:
the allowed ones move the stored ticket and write one history event, the forbidden ones
are refused and leave it untouched."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import Incident, Ticket, TicketEvent
from backoffice.domain.ticket_workflow import (
    ACTION_ROLES,
    ACTIONS,
    ADD_NOTE,
    TICKET_TYPES,
    TRANSITIONS,
    ForbiddenTransition,
    statuses,
)
from backoffice.services.ticket_workflow import Actor, apply_action
from tests.integration.tickets.ticket_helpers import NOW, World, later

FIELDS = {"note": "n", "resolution": "r", "department": "billing", "reply": "rep",
          "satisfaction": 5, "customer_informed": True}


def _actor(action: str, world: World) -> Actor:
    role = sorted(ACTION_ROLES[action])[0]
    return Actor(name=f"test:{role}", role=role, agent_id=world.agent.agent_id,
                 department="billing")


def test_every_action_from_every_status_of_every_type(
        sessions: sessionmaker[Session], world: World) -> None:
    with sessions() as db, db.begin():
        incident = Incident(area="xuhui", cause_code="power", cause_zh="停电",
                            cause_en="power cut", status="open", started_at=NOW,
                            created_by="test")
        db.add(incident)
        db.flush()
        incident_id = incident.id
    cases = [(t, s, a) for t in TICKET_TYPES for s, a in itertools.product(statuses(t), ACTIONS)]
    moved = refused = 0
    for type, status, action in cases:
        with sessions() as db:
            db.begin()
            ticket = Ticket(number=f"9{len(str(moved + refused))}{moved + refused:011d}"[:12],
                            type=type, status=status, channel="api", summary="case",
                            department="billing", customer_id=world.urban_customer,
                            line_id=world.urban_line, created_at=NOW, updated_at=NOW)
            db.add(ticket)
            db.flush()
            expected = status if action == ADD_NOTE else TRANSITIONS[type].get((status, action))
            try:
                apply_action(db, ticket, action, _actor(action, world), later(hours=1),
                             incident_id=incident_id, **FIELDS)  # type: ignore[arg-type]
            except ForbiddenTransition:
                assert expected is None, (type, status, action)
                db.expire_all()
                assert db.get(Ticket, ticket.id).status == status  # type: ignore[union-attr]
                refused += 1
            else:
                assert expected is not None, (type, status, action)
                db.expire_all()
                stored = db.get(Ticket, ticket.id)
                assert stored is not None and stored.status == expected
                if action == ADD_NOTE:  # a note changes nothing but the history
                    assert stored.closed_at is None and stored.resolution is None
                events = db.scalar(select(func.count()).select_from(TicketEvent).where(
                    TicketEvent.ticket_id == ticket.id, TicketEvent.action == action))
                assert events == 1
                moved += 1
            db.rollback()
    assert moved == sum(len(t) for t in TRANSITIONS.values()) + sum(
        len(statuses(t)) for t in TICKET_TYPES)  # the table, plus a note everywhere
    assert refused == len(cases) - moved
