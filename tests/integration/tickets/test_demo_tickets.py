"""The demo's tickets show the workflow: every status of every type, real histories, some
overdue and escalated, a couple linked to the open incident; the same for the same seed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import Incident, Ticket, TicketEvent, TicketTask
from backoffice.demo.load import load_demo_data
from backoffice.domain.sla_clock import is_overdue
from backoffice.domain.ticket_numbers import is_valid_ticket_number
from backoffice.domain.ticket_workflow import TICKET_TYPES, TRANSITIONS, statuses

TODAY = date(2026, 11, 22)
DEMO_NOW = datetime.combine(TODAY, time(1), tzinfo=UTC)


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    load_demo_data(engine, customers=40, seed=5, today=TODAY, pin_key=b"k", progress=False)
    return engine


def _rows(engine: Engine, model: type) -> list[tuple[object, ...]]:
    table = model.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]


def test_every_status_of_every_type_is_shown(loaded: Engine) -> None:
    with Session(loaded) as db:
        shown = {(t.type, t.status) for t in db.scalars(select(Ticket))}
    assert shown == {(type, status) for type in TICKET_TYPES for status in statuses(type)}


def test_every_history_is_a_path_through_the_workflow(loaded: Engine) -> None:
    with Session(loaded) as db:
        tickets = db.scalars(select(Ticket)).all()
        numbers = [t.number for t in tickets]
        assert len(set(numbers)) == len(numbers) and all(map(is_valid_ticket_number, numbers))
        for ticket in tickets:
            events = db.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                .order_by(TicketEvent.id)).all()
            assert events[0].action == "created" and events[0].to_status == "received"
            status = "received"
            for event in events[1:]:
                if event.action == "escalated":
                    assert event.from_status == event.to_status == status
                    continue
                assert event.from_status == status
                assert TRANSITIONS[ticket.type][(status, event.action)] == event.to_status
                status = event.to_status
            assert status == ticket.status
            assert ticket.accept_deadline is not None and ticket.sla_deadline is not None


def test_some_are_overdue_and_escalated_with_tasks(loaded: Engine) -> None:
    with Session(loaded) as db:
        tickets = db.scalars(select(Ticket)).all()
        overdue = [t for t in tickets
                   if is_overdue(t.status, t.accept_deadline, t.sla_deadline, DEMO_NOW)]
        escalated = [t for t in tickets if t.escalated_at is not None]
        assert len(overdue) >= 5 and escalated and set(escalated) <= set(overdue)
        escalations = db.scalars(select(TicketTask).where(TicketTask.kind == "escalation")).all()
        assert {task.ticket_id for task in escalations} == {t.id for t in escalated}
        assert db.scalars(select(TicketTask).where(TicketTask.kind == "callback")).first()


def test_a_couple_of_faults_are_linked_to_the_pudong_incident(loaded: Engine) -> None:
    with Session(loaded) as db:
        pudong = db.scalars(select(Incident.id).where(Incident.area == "pudong")).one()
        linked = db.scalars(select(Ticket).where(Ticket.incident_id == pudong)).all()
    assert len(linked) >= 2 and {t.status for t in linked} == {"linked"}
    assert linked[0].line_id == 1  # the showcase line 13800000001


def test_the_same_seed_gives_the_same_tickets(loaded: Engine, tmp_path: object) -> None:
    from backoffice.db.engine import make_engine
    from backoffice.db.migrate import upgrade

    url = f"sqlite:///{tmp_path}/again.db"
    upgrade(url)
    other = make_engine(url)
    try:
        load_demo_data(other, customers=40, seed=5, today=TODAY, pin_key=b"k", progress=False)
        for model in (Ticket, TicketEvent, TicketTask):
            assert _rows(loaded, model) == _rows(other, model), model
    finally:
        other.dispose()
