"""Put demo agents into a state directly (what logging in on the desk does)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import Agent


def set_state(engine: Engine, *usernames: str, state: str = "available",
              since: datetime | None = None) -> None:
    with Session(engine) as db, db.begin():
        db.execute(update(Agent).where(Agent.username.in_(usernames))
                   .values(state=state, state_since=since or utcnow()))
