"""The web process runs the housekeeping itself: an overdue ticket is escalated without
anyone calling `callcenter sla-sweep`."""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.app import create_app
from backoffice.config import Settings
from backoffice.db.base import utcnow
from backoffice.db.models import Ticket
from backoffice.services.sla import SlaPolicy
from backoffice.services.tickets import open_ticket
from tests.integration.tickets.ticket_helpers import World


def test_the_running_app_escalates_an_overdue_ticket(
        settings: Settings, sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    with sessions() as db, db.begin():
        number = open_ticket(db, type="fault", summary="no dial tone", channel="api", actor="api:crm",
                             now=utcnow() - timedelta(days=3), customer_id=world.urban_customer,
                             policy=policy).number
    app = create_app(settings.model_copy(update={"run_background_jobs": True}))
    with TestClient(app):
        deadline = time.monotonic() + 10
        escalated = None
        while escalated is None and time.monotonic() < deadline:
            with sessions() as db:
                escalated = db.scalar(select(Ticket.escalated_at).where(Ticket.number == number))
            time.sleep(0.05)  # polling the condition, with a deadline
    app.state.engine.dispose()
    assert escalated is not None
