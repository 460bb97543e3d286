"""Two dispatcher processes on one PostgreSQL: never one caller offered to two agents, never
one agent offered two callers. Agents keep declining, so offers are raced for again and again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.acd.simulated_switch import SimulatedSwitch
from backoffice.db.base import utcnow
from backoffice.db.engine import make_engine, make_session_factory
from backoffice.db.models import Agent, AgentStateChange, QueueEntry
from backoffice.demo.load import load_demo_data
from backoffice.services.queue_intake import join_queue
from tests.conftest import fresh_postgres_db
from tests.support.postgres import PostgresServer

CALLS = 80
RUN_S = 6.0


def _violations(db: Session) -> list[str]:
    found = []
    doubled_agents = db.execute(text(
        "SELECT offered_agent_id FROM queue_entries WHERE status = 'offered' "
        "GROUP BY offered_agent_id HAVING COUNT(*) > 1")).all()
    if doubled_agents:
        found.append(f"agents offered two callers: {doubled_agents}")
    mismatched = db.execute(text(
        "SELECT q.id FROM queue_entries q JOIN agents a ON a.id = q.offered_agent_id "
        "WHERE q.status = 'offered' AND a.state = 'offered' "
        "AND a.state_reason <> 'entry:' || q.id")).all()
    if mismatched:
        found.append(f"agent ringing for another entry: {mismatched}")
    return found


def test_two_dispatcher_processes_never_double_offer(postgres: PostgresServer) -> None:
    url = fresh_postgres_db(postgres)
    engine = make_engine(url)
    load_demo_data(engine, 10, 2, date(2026, 11, 22), b"k", progress=False)
    config = AcdConfig(max_missed_offers=10_000)
    sessions = make_session_factory(engine, write=True)
    with sessions() as db, db.begin():
        db.execute(update(Agent).where(Agent.role == "agent")
                   .values(state="available", state_since=utcnow()))
        for n in range(CALLS):
            join_queue(db, call_uuid=f"race-{n}", caller_number="", skill="general",
                       priority=n % 3, context={}, queue_destination="q", config=config,
                       now=utcnow())
    env = {**os.environ, "CALLCENTER_DATABASE_URL": url, "CALLCENTER_MAX_MISSED_OFFERS": "20",
           "CALLCENTER_ENV": "test"}
    command = [sys.executable, "-m", "backoffice.cli", "dispatch", "--seconds", str(RUN_S),
               "--interval", "0.01"]
    workers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for _ in range(2)]
    decliner = Dispatcher(sessions, SimulatedSwitch(), config)
    samples = 0
    violations: list[str] = []
    try:
        while any(w.poll() is None for w in workers):
            with Session(engine) as db:
                violations += _violations(db)
                offered = db.execute(select(QueueEntry.id, QueueEntry.offered_agent_id).where(
                    QueueEntry.status == "offered")).all()
            samples += 1
            for entry_id, agent_id in offered[: len(offered) // 2]:
                decliner.decline(entry_id, agent_id)  # back in the queue: race for it again
            time.sleep(0.02)  # pacing of the sampler; the assertion waits for the processes
    finally:
        outputs = [w.communicate(timeout=30) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    assert violations == []
    with Session(engine) as db:
        assert _violations(db) == []
        offers = db.scalar(select(func.count()).select_from(AgentStateChange)
                           .where(AgentStateChange.state == "offered"))
    assert samples > 10 and offers > CALLS  # offers really were raced for repeatedly
    engine.dispose()
