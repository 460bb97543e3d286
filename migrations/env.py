"""Alembic environment: the database URL comes from the configuration, never from alembic.ini."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection

import backoffice.db.models  # noqa: F401  (registers every table)
from backoffice.config import get_settings
from backoffice.db.base import Base, UtcDateTime
from backoffice.db.engine import make_engine

target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write UtcDateTime as a plain timezone-aware DateTime, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    """On SQLite too the whole upgrade is one transaction: SQLite's DDL is transactional (the
    engine issues BEGIN itself), though Alembic assumes otherwise for it."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        render_item=_render_item,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    sqlite = connection.dialect.name == "sqlite"
    with _foreign_keys_off(connection) if sqlite else nullcontext():
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                _check_references(connection)


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite alters a table by rebuilding it (batch mode): dropping the old table fails while
    other tables' rows reference it, unless foreign keys are off. The pragma only takes
    effect outside a transaction, hence the DBAPI connection, before Alembic's BEGIN."""
    dbapi = connection.connection.driver_connection
    assert dbapi is not None
    dbapi.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        dbapi.execute("PRAGMA foreign_keys=ON")


def _check_references(connection: Connection) -> None:
    """Before the commit: a migration that broke a reference is rolled back whole."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"after the migration, rows whose references are broken: {broken[:5]}")


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run `callcenter migrate`")
run_migrations_online()
