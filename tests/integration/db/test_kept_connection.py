"""The connection an SQLite engine keeps for the direct path (backoffice/db/kept_connection.py):
one warm connection out of the pool, never a stale snapshot, never a wait, closed with its engine."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from backoffice.db.base import utcnow
from backoffice.db.direct import direct_read, direct_write
from backoffice.db.engine import make_engine
from backoffice.db.models import AuditLog
from backoffice.services import pins
from tests.conftest import fresh_postgres_db
from tests.support.postgres import PostgresServer

COUNT = select(func.count()).select_from(AuditLog)


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    path = tmp_path / "kept.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _raw(db: Any) -> sqlite3.Connection:
    """The sqlite3 connection under a DirectConnection (the kept one itself, or the one
    under a pooled connection's wrapper)."""
    connection = db.dbapi_connection
    return connection if isinstance(connection, sqlite3.Connection) else connection.dbapi_connection


def _audit(db: Any, n: int) -> None:
    db.execute(pins._AUDIT, {"at": utcnow(), "actor": "test", "action": "kept",
                             "object_id": str(n), "details": {}})


def _count(engine: Engine) -> int:
    with direct_read(engine) as db:
        return int(db.execute(COUNT).scalar())


def test_one_connection_serves_every_block_and_stays_out_of_the_pool(sqlite_engine: Engine) -> None:
    with direct_read(sqlite_engine) as db:
        first = _raw(db)
    with direct_write(sqlite_engine) as db:
        assert _raw(db) is first
        _audit(db, 1)
    with direct_read(sqlite_engine) as db:
        assert _raw(db) is first
    assert sqlite_engine.pool.checkedout() == 0  # the kept one is not the pool's


def test_reads_see_other_connections_writes_and_hold_no_snapshot(sqlite_engine: Engine) -> None:
    assert _count(sqlite_engine) == 0
    with sqlite_engine.begin() as other:  # another connection of the pool writes
        other.execute(text("INSERT INTO audit_log (at, actor, action, object_type, details)"
                           " VALUES ('2026-01-01 00:00:00', 'other', 'x', 'line', '{}')"))
    assert _count(sqlite_engine) == 1
    with sqlite_engine.connect() as other:
        # busy = 0: the checkpoint went all the way, so no read transaction was left open
        busy, _log, _done = other.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    assert busy == 0


def test_a_busy_kept_connection_lends_a_pooled_one_at_once(sqlite_engine: Engine) -> None:
    lent: list[sqlite3.Connection] = []
    with direct_read(sqlite_engine) as outer:
        with direct_read(sqlite_engine) as inner:  # the same thread: no deadlock
            lent.append(_raw(inner))
        thread = threading.Thread(target=lambda: lent.append(_with_direct_write(sqlite_engine)))
        thread.start()
        thread.join(timeout=10)
        assert not thread.is_alive()  # it did not wait for the outer block
        kept = _raw(outer)
    assert all(connection is not kept for connection in lent)
    assert _count(sqlite_engine) == 1
    with direct_read(sqlite_engine) as db:
        assert _raw(db) is kept
    assert sqlite_engine.pool.checkedout() == 0  # the lent ones went back


def _with_direct_write(engine: Engine) -> sqlite3.Connection:
    with direct_write(engine) as db:
        _audit(db, 2)
        return _raw(db)


def test_after_an_error_it_is_closed_and_a_new_one_is_kept(sqlite_engine: Engine) -> None:
    with direct_read(sqlite_engine) as db:
        before = _raw(db)
    with pytest.raises(RuntimeError), direct_write(sqlite_engine) as db:
        _audit(db, 3)
        raise RuntimeError("the request failed half way")
    assert _count(sqlite_engine) == 0  # rolled back
    with pytest.raises(sqlite3.ProgrammingError):  # closed, not kept in an unknown state
        before.execute("SELECT 1")
    with direct_read(sqlite_engine) as db:
        assert _raw(db) is not before
        assert not _raw(db).in_transaction


def test_dispose_closes_it_and_the_next_block_takes_a_new_one(sqlite_engine: Engine) -> None:
    with direct_read(sqlite_engine) as db:
        old = _raw(db)
    sqlite_engine.dispose()
    with pytest.raises(sqlite3.ProgrammingError):
        old.execute("SELECT 1")
    with direct_read(sqlite_engine) as db:
        assert _raw(db) is not old
        assert db.execute(COUNT).scalar() == 0


def test_an_engine_gone_to_garbage_closes_it_without_a_warning(tmp_path: Path,
                                                               sqlite_template: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    with direct_read(engine) as db:
        raw = _raw(db)
    del engine, db
    gc.collect()  # warnings are errors in this suite: a leaked pool connection would fail here
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")


def test_postgresql_keeps_using_the_pool(postgres: PostgresServer) -> None:
    engine = make_engine(fresh_postgres_db(postgres))
    try:
        with direct_write(engine) as db:
            _audit(db, 4)
        with direct_read(engine) as db:
            assert db.execute(COUNT).scalar() == 1
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()
