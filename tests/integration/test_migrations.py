"""Alembic owns the schema: `upgrade head` works from empty and matches the models exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

import backoffice.db.models  # noqa: F401
from backoffice.db.base import Base
from backoffice.db.engine import make_engine
from backoffice.db.migrate import upgrade


def test_upgrade_head_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        assert engine.dialect.name == "postgresql"
        return
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_a_populated_sqlite_database_upgrades_through_table_rebuilds(tmp_path: Path) -> None:
    """SQLite alters a table by rebuilding it (Alembic's batch mode), which drops the old
    table: with rows elsewhere referencing it, that fails unless foreign keys are off
    while migrating. They are checked, and back on, afterwards."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0002")  # before 0003 rebuilds `agents`, which agent_skills references
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO agents (id, username, display_name, password_hash, role, level,"
                " is_general, language, state, state_since, missed_offers, active)"
                " VALUES (1, 'a1', 'A1', 'x', 'agent', 1, 0, 'zh', 'offline',"
                " '2026-01-01 00:00:00', 0, 1)"))
            conn.execute(text("INSERT INTO skills (id, code, name_zh, name_en)"
                              " VALUES (1, 'bill', '账单', 'Bills')"))
            conn.execute(text("INSERT INTO agent_skills (agent_id, skill_id, level) VALUES (1, 1, 3)"))
        upgrade(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT agent_id, level FROM agent_skills")).all() == [(1, 3)]
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


def test_a_sqlite_migration_that_leaves_a_broken_reference_is_rolled_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'broken.db'}"
    upgrade(url, "0006")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:  # a reference to no line, as a faulty migration might leave
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            conn.execute(text("INSERT INTO calls (call_uuid, caller_number, line_id, direction,"
                              " started_at, ivr_path, contained, verified) VALUES ('c1', '1',"
                              " 999999, 'inbound', '2026-01-01 00:00:00', '[]', 0, 0)"))
            conn.commit()
        with pytest.raises(RuntimeError, match="references are broken"):
            upgrade(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006"
            assert "ix_calls_line_id" in {ix["name"] for ix in inspect(engine).get_indexes("calls")}
    finally:
        engine.dispose()
