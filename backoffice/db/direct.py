"""Statements run straight on the DBAPI connection: the IVR's three hottest routes.

Every IVR call identifies the caller, checks a PIN and reads a balance. Their queries take
tens of microseconds in SQLite, while SQLAlchemy's execution path around each one (cache
key, parameter processing, result metadata, the BEGIN/COMMIT events) cost several times
that (bench/ivr_inprocess.py). Here a statement is still written with SQLAlchemy and
compiled by it, once per dialect, with its type processors; only running it skips the
engine: a DBAPI connection (on SQLite the one the engine keeps warm for this path,
backoffice/db/kept_connection.py), one `cursor.execute`, plain tuples back.

Services keep taking a Session or Connection: a `DirectConnection` answers the same
`execute(statement, params)` with the few result methods they use. Module-level statements
registered with `prepared()` are compiled once; any other statement is compiled on each
use (correct, only slower), so nothing here grows without bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from backoffice.db.engine import sqlite_writes
from backoffice.db.kept_connection import kept_connection, pooled

Processor = Callable[[Any], Any] | None
S = TypeVar("S", bound=ClauseElement)


@dataclass(frozen=True)
class Rendered:
    """One statement as one dialect runs it."""

    sql: str
    order: tuple[str, ...] | None  # parameter names in order (positional paramstyles)
    defaults: Mapping[str, Any]  # values bound inside the statement (LIMIT 1, literals)
    bind: Mapping[str, Processor]  # every parameter name, with its type's processor
    result: tuple[Processor, ...]

    def parameters(self, params: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = {}
        for name, process in self.bind.items():
            value = params[name] if name in params else self.defaults[name]
            values[name] = value if process is None or value is None else process(value)
        if self.order is None:
            return values
        return [values[name] for name in self.order]

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(value if process is None or value is None else process(value)
                     for process, value in zip(self.result, raw, strict=True))


def render(statement: ClauseElement, dialect: Dialect) -> Rendered:
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    if compiled.post_compile_params or compiled.escaped_bind_names:
        raise ValueError("expanding IN lists and escaped parameter names are not supported here")
    if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
        raise ValueError("the statement relies on Python-side column defaults: give every value")
    if getattr(compiled, "implicit_returning", None):
        raise ValueError("an INSERT here must be .inline(): implicit RETURNING rows are not read")
    names: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():
        names[name] = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if not bind.required:
            defaults[name] = bind.effective_value
    columns = getattr(statement, "exported_columns", ())
    result = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                   for column in columns)
    order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
    return Rendered(compiled.string, order, defaults, names, result)


class _Prepared:
    """A registered statement's renderings, one per dialect."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement  # held, so its id() stays this statement's
        self.by_dialect: dict[str, Rendered] = {}
        self.lock = threading.Lock()

    def for_dialect(self, dialect: Dialect) -> Rendered:
        rendered = self.by_dialect.get(dialect.name)
        if rendered is None:
            with self.lock:
                rendered = self.by_dialect.setdefault(dialect.name, render(self.statement, dialect))
        return rendered


_PREPARED: dict[int, _Prepared] = {}


def prepared(statement: S) -> S:
    """Mark a module-level statement to be compiled once per dialect here; returns it."""
    _PREPARED.setdefault(id(statement), _Prepared(statement))
    return statement


def rendered(statement: ClauseElement, dialect: Dialect) -> Rendered:
    entry = _PREPARED.get(id(statement))
    if entry is None or entry.statement is not statement:
        return render(statement, dialect)
    return entry.for_dialect(dialect)


class DirectResult:
    """The rows of one statement, with the Result methods the services use."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows

    def one_or_none(self) -> tuple[Any, ...] | None:
        if len(self.rows) > 1:
            raise MultipleResultsFound("more than one row where one was expected")
        return self.rows[0] if self.rows else None

    def one(self) -> tuple[Any, ...]:
        row = self.one_or_none()
        if row is None:
            raise NoResultFound("no row where one was expected")
        return row

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None

    def scalar_one(self) -> Any:
        return self.one()[0]


class DirectConnection:
    """A DBAPI connection that runs SQLAlchemy statements like a Connection would."""

    def __init__(self, dbapi_connection: Any, dialect: Dialect) -> None:
        self.dbapi_connection = dbapi_connection
        self.dialect = dialect

    def execute(self, statement: ClauseElement, params: Mapping[str, Any] | None = None
                ) -> DirectResult:
        plan = rendered(statement, self.dialect)
        cursor = self.dbapi_connection.cursor()
        try:
            cursor.execute(plan.sql, plan.parameters(params or {}))
            raw = cursor.fetchall() if cursor.description is not None else []
        finally:
            cursor.close()
        return DirectResult([plan.row(row) for row in raw])


# What the hot-path services accept: an ORM Session, a Core Connection, or a DirectConnection.
Executor = Session | Connection | DirectConnection


def _connection(engine: Engine) -> AbstractContextManager[Any]:
    """SQLite: the engine's kept connection (backoffice/db/kept_connection.py); else pooled."""
    if sqlite_writes(engine) is not None:
        return kept_connection(engine).connection(engine)
    return pooled(engine)


@contextmanager
def direct_read(engine: Engine) -> Iterator[DirectConnection]:
    """For a single read statement: on SQLite it is its own snapshot, with no BEGIN."""
    with _connection(engine) as connection:
        yield DirectConnection(connection, engine.dialect)


@contextmanager
def direct_write(engine: Engine) -> Iterator[DirectConnection]:
    """One read-modify-write transaction, committed when the block ends without an error.

    On SQLite it takes this process's write lock and `BEGIN IMMEDIATE`, and wakes the WAL
    checkpointer after the commit, as write sessions do (backoffice/db/engine.py)."""
    writes = sqlite_writes(engine)
    with _connection(engine) as connection:
        if writes is None:
            yield DirectConnection(connection, engine.dialect)
            connection.commit()
            return
        with writes.transaction(connection):
            yield DirectConnection(connection, engine.dialect)
