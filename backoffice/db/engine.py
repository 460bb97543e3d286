"""Engine and session factory. SQLite gets WAL, a busy timeout and foreign keys on every connection."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
# As many connections as the server's worker threads (40), so no request waits for one.
POOL = {"pool_size": 10, "max_overflow": 30, "pool_timeout": 10}


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **{**POOL, **kwargs},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        _WriteQueue(threading.Lock()).install(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **{**POOL, **kwargs})


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class _WriteQueue:
    """Serializes this process's SQLite write transactions on a lock before `BEGIN IMMEDIATE`.

    pysqlite's own transaction handling defers BEGIN; it is taken over here so that write
    sessions can take SQLite's write lock up front. Writers of one process then queue on a
    plain lock (woken at once) instead of SQLite's busy handler, which polls with sleeps of
    up to 100 ms and ruins latency under load. Other processes still meet the busy timeout.
    """

    HELD = "callcenter_write_lock"

    def __init__(self, lock: threading.Lock) -> None:
        self.lock = lock

    def install(self, engine: Engine) -> None:
        event.listen(engine, "begin", self.begin)
        event.listen(engine, "commit", self.release)
        event.listen(engine, "rollback", self.release)

    def begin(self, connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode == "IMMEDIATE":
            if not self.lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
                raise TimeoutError("timed out waiting for the database write lock")
            connection.info[self.HELD] = True
        try:
            connection.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            self.release(connection)
            raise

    def release(self, connection: Any) -> None:
        if connection.info.pop(self.HELD, False):
            self.lock.release()


def make_session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions for reads, or (`write=True`) for read-modify-write work.

    On SQLite a write session starts with `BEGIN IMMEDIATE`: it takes the write lock before
    reading, so two writers queue on the busy timeout instead of failing on a stale snapshot.
    PostgreSQL needs nothing special (row locks and conditional UPDATEs do the work).
    """
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if write else engine
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
