"""What the ticket workflow tests share: the clock and the world's shape."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import Ticket, TicketEvent, TicketTask
from backoffice.services.ticket_workflow import Actor

# A Wednesday, 10:00 in Shanghai.
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


def later(hours: float = 0, days: float = 0, minutes: float = 0) -> datetime:
    return NOW + timedelta(hours=hours, days=days, minutes=minutes)


@dataclass(frozen=True)
class World:
    urban_customer: int
    urban_line: int
    urban_account: int
    rural_customer: int
    rural_line: int
    owing_customer: int
    owing_line: int
    agent: Actor
    other_agent: Actor
    qa: Actor
    supervisor: Actor
    billing: Actor
    network: Actor
    admin: Actor
    api: Actor = Actor(name="api:crm", role="api")
    system: Actor = Actor(name="system", role="system")


def reload(sessions: sessionmaker[Session], number: str) -> Ticket:
    with sessions() as db:
        ticket = db.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        return ticket


def history(sessions: sessionmaker[Session], number: str) -> list[tuple[str, str | None, str | None]]:
    with sessions() as db:
        ticket_id = db.scalar(select(Ticket.id).where(Ticket.number == number))
        return [(e.action, e.from_status, e.to_status) for e in db.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id))]


def tasks(sessions: sessionmaker[Session], number: str) -> list[TicketTask]:
    with sessions() as db:
        return list(db.scalars(select(TicketTask).join(Ticket).where(Ticket.number == number)
                               .order_by(TicketTask.id)))


def count(sessions: sessionmaker[Session], model: type, *where: object) -> int:
    with sessions() as db:
        return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def race(workers: int, attempt: Callable[[], None]) -> list[BaseException | None]:
    start = threading.Barrier(workers)
    outcomes: list[BaseException | None] = [None] * workers

    def run(i: int) -> None:
        start.wait()
        try:
            attempt()
        except BaseException as exc:  # noqa: BLE001 - collected and checked by the test
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes
