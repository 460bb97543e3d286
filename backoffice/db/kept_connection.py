"""The one connection an SQLite engine keeps out of its pool for the IVR's direct path.

SQLite empties a connection's page cache whenever another connection has written to the
database since that connection's last transaction. The pool hands its connections out in
turn, so each IVR request used to begin on a cold cache (re-reading the upper pages of
every B-tree it touched), after a checkout and before a checkin that together cost as much
as its query (bench/ivr_inprocess.py). A connection kept here stays warm from request to
request, since its own writes keep its cache, and it is never checked out or in.

It is taken from the pool once, with the pool's connect-time settings (WAL, foreign keys,
busy timeout), then detached from it. It serves one block at a time: a block that finds it
busy (another thread, or a nested block) takes a pooled connection instead, so nobody waits
for it. After an error it is closed (SQLite rolls back whatever was open) and the next
block makes a new one. It is closed when its engine is disposed or goes to garbage; it
holds no reference to the engine, so it never keeps one alive.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def pooled(engine: Engine) -> Iterator[Any]:
    """A DBAPI connection from the engine's pool for one block."""
    connection = engine.raw_connection()
    try:
        yield connection
    finally:
        connection.close()  # back to the pool, which rolls back whatever is left open


class KeptConnection:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None  # the DBAPI connection itself, detached from the pool

    @contextmanager
    def connection(self, engine: Engine) -> Iterator[Any]:
        """The kept connection if it is free, else a pooled one for this block."""
        if not self._lock.acquire(blocking=False):
            with pooled(engine) as connection:
                yield connection
            return
        try:
            if self._connection is None:
                self._connection = _detached(engine)
            try:
                yield self._connection
            except BaseException:
                self._close()  # its state is unknown: a new one next time
                raise
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()


def _detached(engine: Engine) -> Any:
    checked_out = engine.raw_connection()  # runs the pool's connect events (the pragmas)
    checked_out.detach()
    return checked_out.dbapi_connection


_KEPT: weakref.WeakKeyDictionary[Engine, KeptConnection] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def kept_connection(engine: Engine) -> KeptConnection:
    """The engine's kept connection, made on first use."""
    kept = _KEPT.get(engine)
    if kept is None:
        with _KEPT_LOCK:
            kept = _KEPT.get(engine)
            if kept is None:
                kept = _KEPT[engine] = _kept_for(engine)
    return kept


def _kept_for(engine: Engine) -> KeptConnection:
    kept = KeptConnection()
    event.listen(engine, "engine_disposed", lambda _engine: kept.close())
    weakref.finalize(engine, kept.close)
    return kept
