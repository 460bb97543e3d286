"""Write demo data into the database in bulk (Core executemany), with a progress bar."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session
from tqdm import tqdm

from backoffice.db.base import Base
from backoffice.db.models import (
    Agent,
    AgentSkill,
    Blacklist,
    Customer,
    Incident,
    Plan,
    RechargeCard,
    Skill,
)
from backoffice.demo.generate import DemoGenerator, chunks
from backoffice.demo.history import load_history
from backoffice.demo.reference import (
    BLACKLIST,
    DEMO_CARDS,
    DEMO_PASSWORD,
    INCIDENTS,
    PLANS,
    SKILLS,
    USERS,
)
from backoffice.demo.tickets import load_demo_tickets
from backoffice.domain.keyed_hash import hash_secret
from backoffice.security.passwords import hash_password

CHUNK = 2000
RANDOM_CARDS = 300


class NotEmpty(RuntimeError):
    """The database already holds customers; demo data goes only into an empty one."""


def load_demo_data(engine: Engine, customers: int, seed: int, today: date, pin_key: bytes,
                   progress: bool = True, history_days: int = 0) -> None:
    """`history_days`: weeks of calls before `today` for the reports (the CLI asks for them;
    tests that count queue entries or survey answers start without)."""
    with Session(engine) as db:
        if db.scalar(select(func.count()).select_from(Customer)):
            raise NotEmpty("the database already has customers; demo data was not loaded")
    with engine.begin() as conn:
        _reference(conn, seed, today, pin_key)
        generator = DemoGenerator(seed, today, pin_key)
        bar = tqdm(total=customers, unit="customers", disable=not progress, desc="demo data")
        for start, stop in chunks(customers, CHUNK):
            for table, rows in generator.chunk(start, stop).tables.items():
                if rows:
                    conn.execute(insert(Base.metadata.tables[table]), rows)
            bar.update(stop - start)
        bar.close()
        load_demo_tickets(conn, seed, today)  # tickets workflow: every state, some overdue
        load_history(conn, seed, today, history_days)  # indicators (issue 8): calls for reports
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)


def _reference(conn, seed: int, today: date, pin_key: bytes) -> None:  # type: ignore[no-untyped-def]
    now = datetime.combine(today, time(8), tzinfo=UTC)
    midnight = datetime.combine(today, time(0), tzinfo=UTC)  # incidents began the evening before
    conn.execute(insert(Plan), [
        {"id": i, "code": c, "name_zh": zh, "name_en": en, "monthly_fee_fen": fee,
         "per_minute_fen": rate} for i, (c, zh, en, fee, rate) in enumerate(PLANS, 1)])
    conn.execute(insert(Skill), [
        {"id": i, "code": c, "name_zh": zh, "name_en": en} for i, (c, zh, en) in enumerate(SKILLS, 1)])
    skill_ids = {code: i for i, (code, _zh, _en) in enumerate(SKILLS, 1)}
    password_hash = hash_password(DEMO_PASSWORD)
    conn.execute(insert(Agent), [
        {"id": i, "username": u.username, "display_name": u.name, "password_hash": password_hash,
         "role": u.role, "level": u.level, "is_general": u.is_general, "extension": u.extension,
         "department": u.department, "language": u.language, "state": "logged_out",
         "state_since": now} for i, u in enumerate(USERS, 1)])
    conn.execute(insert(AgentSkill), [
        {"agent_id": i, "skill_id": skill_ids[code], "level": level}
        for i, u in enumerate(USERS, 1) for code, level in u.skills])
    conn.execute(insert(Incident), [
        {"area": area, "cause_code": code, "cause_zh": zh, "cause_en": en, "status": "open",
         "started_at": midnight - timedelta(hours=6),
         "expected_fix_at": midnight + timedelta(days=1, hours=hours),
         "created_by": "demo"} for area, code, zh, en, hours in INCIDENTS])
    conn.execute(insert(Blacklist), [{"number": n, "reason": r} for n, r in BLACKLIST])
    conn.execute(insert(RechargeCard), _cards(seed, today, pin_key))


def _cards(seed: int, today: date, pin_key: bytes) -> list[dict[str, object]]:
    rng = random.Random(f"{seed}:cards")
    cards = list(DEMO_CARDS)
    for n in range(RANDOM_CARDS):
        pin = "".join(rng.choice("0123456789") for _ in range(16))
        cards.append((f"9{n + 100:09d}", pin, rng.choice([3000, 5000, 10000])))
    rows = []
    for n, (serial, pin, value) in enumerate(cards):
        salt = rng.randbytes(16)
        used = n >= len(DEMO_CARDS) and rng.random() < 0.2
        rows.append({
            "serial": serial, "pin_hash": hash_secret(pin_key, salt, pin), "pin_salt": salt.hex(),
            "face_value_fen": value, "status": "used" if used else "issued",
            "expires_on": today + timedelta(days=365),
            "used_at": datetime.combine(today, time(9), tzinfo=UTC) - timedelta(days=10)
            if used else None,
        })
    return rows


def _reset_sequences(conn) -> None:  # type: ignore[no-untyped-def]
    """Explicit ids were inserted: move PostgreSQL's sequences past them."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is not False and len(table.primary_key) == 1:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
