"""Engine and session factory. SQLite gets WAL, a busy timeout and foreign keys on every connection.

SQLite runs with `synchronous=NORMAL` in WAL mode: a commit is not fsynced, only written to
the WAL, so it survives the application crashing; after a power loss or an OS crash the
last transactions before it may be missing, and the database is never corrupted (the WAL
is fsynced before every checkpoint). `FULL` would add an fsync to every commit.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
# Execution options of a read-modify-write connection or session: on SQLite it begins with
# `BEGIN IMMEDIATE` (see _WriteQueue and make_session_factory); other databases ignore it.
WRITE_OPTIONS = {"sqlite_begin": "IMMEDIATE"}
# As many connections as the server's worker threads (40), so no request waits for one.
POOL = {"pool_size": 10, "max_overflow": 30, "pool_timeout": 10}


log = logging.getLogger(__name__)


def make_engine(url: str, *, checkpoint_in_background: bool = False, **kwargs: Any) -> Engine:
    """`checkpoint_in_background`: for a server on an SQLite file (see _Checkpointer)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **{**POOL, **kwargs},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        writes = _WriteQueue(threading.Lock())
        writes.install(engine)
        if checkpoint_in_background and engine.url.database not in (None, "", ":memory:"):
            checkpointer = _Checkpointer(engine)
            writes.committed = checkpointer.wake
            checkpointer.start()
        _SQLITE_WRITES[engine] = writes
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


class _Checkpointer:
    """Copies the WAL back into the database file from a background thread.

    SQLite's own checkpoint runs inside whichever commit takes the WAL past 1000 pages, and
    a checkpoint fsyncs: that commit, on the server's event loop, stalls every request for
    milliseconds (tens on a busy disk), every few dozen PIN checks. Here a daemon thread runs
    a PASSIVE checkpoint (it never blocks readers or writers) shortly after commits, with the
    GIL released while SQLite copies and syncs. Connections still checkpoint by themselves
    past AUTOMATIC_PAGES, should this thread ever fall behind. It ends when the engine is
    disposed or garbage.
    """

    DELAY_S = 0.2  # after a commit: the commits of the next moments share one checkpoint
    IDLE_S = 2.0  # how often an idle thread looks whether its engine is gone
    AUTOMATIC_PAGES = 10_000  # SQLite's default is 1000 (about 4 MB)

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)
        self._committed = threading.Event()
        self._disposed = threading.Event()
        event.listen(engine, "connect", self._fewer_automatic_checkpoints)
        event.listen(engine, "commit", self._on_commit)
        event.listen(engine, "engine_disposed", self._on_dispose)

    def start(self) -> None:
        threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True).start()

    def _fewer_automatic_checkpoints(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={self.AUTOMATIC_PAGES}")

    def _on_commit(self, _connection: Any) -> None:
        self._committed.set()

    def wake(self) -> None:
        """After a commit made outside SQLAlchemy's events (backoffice/db/direct.py)."""
        self._committed.set()

    def _on_dispose(self, _engine: Any) -> None:
        self._disposed.set()
        self._committed.set()  # wake the thread now

    def _run(self) -> None:
        while True:
            committed = self._committed.wait(self.IDLE_S)
            if committed:
                time.sleep(self.DELAY_S)
                self._committed.clear()
            engine = self._engine()
            if engine is None or self._disposed.is_set():
                return
            if committed:
                self._checkpoint(engine)
            del engine

    @staticmethod
    def _checkpoint(engine: Engine) -> None:
        try:
            connection = engine.raw_connection()
            try:
                connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                connection.close()
        except Exception as exc:  # noqa: BLE001 - the next round, or SQLite itself, tries again
            log.warning("WAL checkpoint failed: %s", type(exc).__name__)


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
        self.committed: Callable[[], None] = lambda: None  # the checkpointer's, when there is one

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

    @contextmanager
    def transaction(self, dbapi_connection: Any) -> Iterator[None]:
        """The same write transaction on a bare DBAPI connection (backoffice/db/direct.py):
        committed when the block ends cleanly, rolled back otherwise."""
        if not self.lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("timed out waiting for the database write lock")
        try:
            dbapi_connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                dbapi_connection.execute("ROLLBACK")
                raise
            dbapi_connection.execute("COMMIT")
        finally:
            self.lock.release()
        self.committed()


_SQLITE_WRITES: weakref.WeakKeyDictionary[Engine, _WriteQueue] = weakref.WeakKeyDictionary()


def sqlite_writes(engine: Engine) -> _WriteQueue | None:
    """The write queue of an SQLite engine made by `make_engine`; None for other databases."""
    return _SQLITE_WRITES.get(engine)


def make_session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions for reads, or (`write=True`) for read-modify-write work.

    On SQLite a write session starts with `BEGIN IMMEDIATE`: it takes the write lock before
    reading, so two writers queue on the busy timeout instead of failing on a stale snapshot.
    PostgreSQL needs nothing special (row locks and conditional UPDATEs do the work).
    """
    bind = engine.execution_options(**WRITE_OPTIONS) if write else engine
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
