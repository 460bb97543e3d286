"""Agent-queue dispatcher speed: 1,000 agents, 5,000 waiting callers across 10 skills, SQLite.

Prints routing decisions per second (a burst: every agent becomes free at once) and the
latency from "an agent becomes available" to "the call is offered" (p50/p99 over single
agents freed one at a time, the dispatcher woken at once as the desk does).
Targets: >= 200 decisions/s, p99 <= 50 ms.

    python bench/acd.py [--agents 1000] [--callers 5000] [--samples 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from backoffice.acd.config import AcdConfig
from backoffice.acd.dispatcher import Dispatcher
from backoffice.acd.simulated_switch import SimulatedSwitch
from backoffice.db.base import utcnow
from backoffice.db.engine import make_engine, make_session_factory
from backoffice.db.migrate import upgrade
from backoffice.db.models import Agent, AgentSkill, QueueEntry, Skill

SKILLS = [f"skill{n}" for n in range(10)]


def build(path: Path, agents: int, callers: int) -> str:
    url = f"sqlite:///{path}"
    upgrade(url)
    rng = random.Random(7)
    now = utcnow()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Skill), [{"id": i + 1, "code": c, "name_zh": c, "name_en": c}
                                     for i, c in enumerate(SKILLS)])
        conn.execute(insert(Agent), [{
            "id": a, "username": f"a{a}", "display_name": f"Agent {a}", "password_hash": "x",
            "role": "agent", "level": rng.randint(1, 5), "is_general": a % 10 == 0,
            "extension": str(10000 + a), "state": "break", "state_since": now,
        } for a in range(1, agents + 1)])
        conn.execute(insert(AgentSkill), [
            {"agent_id": a, "skill_id": s + 1, "level": rng.randint(1, 5)}
            for a in range(1, agents + 1) for s in rng.sample(range(10), 2)])
        conn.execute(insert(QueueEntry), [{
            "call_uuid": f"bench-{n}", "caller_number": f"139{n:08d}", "skill": rng.choice(SKILLS),
            "priority": rng.choice([0, 0, 0, 1, 2]), "vip_level": rng.choice([0] * 9 + [2]),
            "context": {}, "status": "waiting", "missed_agent_ids": [],
            "enqueued_at": now - timedelta(seconds=rng.randint(0, 900)),
        } for n in range(callers)])
    engine.dispose()
    return url


def main(agents: int, callers: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = build(Path(tmp) / "acd.db", agents, callers)
        engine = make_engine(url)
        sessions = make_session_factory(engine, write=True)
        dispatcher = Dispatcher(sessions, SimulatedSwitch(), AcdConfig())
        with Session(engine) as db, db.begin():
            db.execute(update(Agent).values(state="available", state_since=utcnow()))
        started = time.perf_counter()
        burst = dispatcher.dispatch(utcnow())
        burst_s = time.perf_counter() - started

        rng = random.Random(11)
        busy = [agent for _entry, agent in burst]
        latencies = []
        for _ in range(samples):
            agent_id = busy.pop(rng.randrange(len(busy)))
            with Session(engine) as db, db.begin():  # the agent finishes and goes available
                db.execute(update(QueueEntry).where(QueueEntry.offered_agent_id == agent_id,
                                                    QueueEntry.status == "offered")
                           .values(status="completed"))
                db.execute(update(Agent).where(Agent.id == agent_id)
                           .values(state="available", state_since=utcnow()))
            t0 = time.perf_counter()
            offered = dispatcher.dispatch(utcnow())
            latencies.append((time.perf_counter() - t0) * 1000)
            busy += [agent for _entry, agent in offered]
        with Session(engine) as db:
            waiting = len(db.scalars(select(QueueEntry.id).where(QueueEntry.status == "waiting")).all())
        engine.dispose()
    ordered = sorted(latencies)
    print(f"ACD benchmark: {agents} agents, {callers} waiting callers, {len(SKILLS)} skills, SQLite")
    print(f"burst: {len(burst)} offers in {burst_s:.2f} s = {len(burst) / burst_s:.0f} decisions/s"
          "   (target >= 200)")
    print(f"agent available -> offer: p50 {statistics.median(ordered):.1f} ms   "
          f"p99 {ordered[int(0.99 * (len(ordered) - 1))]:.1f} ms   over {samples} agents"
          "   (target p99 <= 50 ms)")
    print(f"callers still waiting: {waiting}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--callers", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    main(args.agents, args.callers, args.samples)
