"""A server's SQLite engine copies the WAL back into the database file from a background
thread, so no request's commit pays for a checkpoint's fsyncs."""

from __future__ import annotations

import gc
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from backoffice.db.engine import make_engine
from tests.support.waiting import eventually


def _rows_in_the_database_file(path: Path) -> int:
    """Rows of `t` in the main file alone: immutable=1 reads it without the WAL."""
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as raw:
        tables = raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'").fetchone()[0]
        return raw.execute("SELECT count(*) FROM t").fetchone()[0] if tables else 0


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sqlite-checkpoint"]


def test_committed_rows_reach_the_database_file_without_a_checkpoint_in_the_commit(tmp_path: Path) -> None:
    path = tmp_path / "server.db"
    engine = make_engine(f"sqlite:///{path}", checkpoint_in_background=True)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 10_000
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.commit()
        for x in range(3):
            connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": x})
            connection.commit()
    assert eventually(lambda: _rows_in_the_database_file(path) == 3)
    engine.dispose()


def test_without_the_option_sqlite_checkpoints_by_itself_and_no_thread_starts(tmp_path: Path) -> None:
    before = len(_checkpoint_threads())
    engine = make_engine(f"sqlite:///{tmp_path / 'tool.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    assert len(_checkpoint_threads()) == before
    engine.dispose()


def test_the_thread_ends_once_its_engine_is_garbage(tmp_path: Path) -> None:
    before = set(_checkpoint_threads())
    engine = make_engine(f"sqlite:///{tmp_path / 'gone.db'}", checkpoint_in_background=True)
    (thread,) = set(_checkpoint_threads()) - before
    engine.dispose()
    del engine
    gc.collect()
    assert eventually(lambda: not thread.is_alive())


def test_the_thread_ends_when_its_engine_is_disposed_even_if_still_referenced(tmp_path: Path) -> None:
    before = set(_checkpoint_threads())
    engine = make_engine(f"sqlite:///{tmp_path / 'closed.db'}", checkpoint_in_background=True)
    (thread,) = set(_checkpoint_threads()) - before
    engine.dispose()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert engine is not None  # still referenced: the dispose alone ended the thread
