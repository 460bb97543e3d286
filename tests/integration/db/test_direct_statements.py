"""Statements run on the DBAPI connection (backoffice/db/direct.py) answer exactly what
SQLAlchemy's own execution answers, and write transactions commit or roll back whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from backoffice.config import Settings
from backoffice.db.base import utcnow
from backoffice.db.direct import direct_read, direct_write
from backoffice.db.engine import make_engine, sqlite_writes
from backoffice.db.models import AuditLog, Line
from backoffice.demo.load import load_demo_data
from backoffice.domain.pins import PinPolicy
from backoffice.services import billing_queries, calls, lines, pins
from tests.support.waiting import eventually

NUMBERS = ("13800000001", "13800000003", "13800000005", "13999999999", "", "not a number")


@pytest.fixture
def demo_engine(engine: Engine, settings: Settings) -> Engine:
    load_demo_data(engine, 20, 3, settings.today(), settings.pin_key_bytes, progress=False)
    return engine


def test_hot_reads_answer_as_sqlalchemy_does(demo_engine: Engine, settings: Settings) -> None:
    today = settings.today()
    with demo_engine.connect() as connection, direct_read(demo_engine) as direct:
        line_ids = connection.scalars(select(Line.id).order_by(Line.id)).all()
        for number in NUMBERS:
            assert lines.identify(direct, number, today) == lines.identify(connection, number, today)
            assert lines.find_pin_line(direct, number) == lines.find_pin_line(connection, number)
        for line_id in [*line_ids, 999_999]:
            assert (billing_queries.balance_of_line(direct, line_id)
                    == billing_queries.balance_of_line(connection, line_id))
    locked = _pin_line(demo_engine, "13800000005")  # locked in the demo data
    assert locked is not None and locked.pin_locked_until is not None
    assert locked.pin_locked_until.tzinfo is not None  # the column's type processed the value


def test_pin_checks_count_audit_and_record_the_call(demo_engine: Engine, settings: Settings) -> None:
    line = _pin_line(demo_engine, "13800000001")
    assert line is not None
    for wrong in range(2):  # counted with UPDATE ... RETURNING
        with direct_write(demo_engine) as db:
            check = pins.verify(db, line, "246813", settings.pin_key_bytes, settings.pin_policy,
                                utcnow(), "ivr")
        tries_left = settings.pin_policy.lock_after_failures - wrong - 1
        assert (check.status, check.tries_left) == ("wrong", tries_left)
    with direct_write(demo_engine) as db:
        line = lines.find_pin_line(db, "13800000001")
        assert line is not None and line.pin_failures == 2
        assert pins.verify(db, line, "135790", settings.pin_key_bytes, settings.pin_policy,
                           utcnow(), "ivr").status == "ok"
        calls.mark_verified(db, "direct-1", line.id, line.number, line.customer_id)
    after = _pin_line(demo_engine, "13800000001")
    assert after is not None and after.pin_failures == 0
    with demo_engine.connect() as connection:
        audit = connection.execute(select(AuditLog.action, AuditLog.details, AuditLog.at)
                                   .where(AuditLog.object_id == str(line.id))
                                   .order_by(AuditLog.id)).all()
        verified = connection.execute(text("SELECT verified, line_id FROM calls"
                                           " WHERE call_uuid = 'direct-1'")).one()
    assert [(action, details) for action, details, _ in audit] == [
        ("pin_verify_failed", {"failures": 1}), ("pin_verify_failed", {"failures": 2}),
        ("pin_verified", {})]
    assert all(at is not None for _, _, at in audit)
    assert (bool(verified[0]), verified[1]) == (True, line.id)


def test_a_write_that_fails_leaves_nothing_and_frees_the_write_lock(demo_engine: Engine) -> None:
    line = _pin_line(demo_engine, "13800000001")
    assert line is not None
    before = _audit_rows(demo_engine)
    with pytest.raises(RuntimeError), direct_write(demo_engine) as db:
        calls.mark_verified(db, "direct-2", line.id, line.number, line.customer_id)
        pins.verify(db, line, "246813", b"k" * 32, PinPolicy(), utcnow(), "ivr")
        raise RuntimeError("the request failed half way")
    assert _audit_rows(demo_engine) == before
    with demo_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM calls WHERE call_uuid = 'direct-2'")
                                  ).scalar() == 0
    writes = sqlite_writes(demo_engine)
    assert writes is None or not writes.lock.locked()
    with direct_write(demo_engine) as db:  # the next writer is not stuck
        calls.mark_verified(db, "direct-3", line.id, line.number, line.customer_id)


def test_direct_commits_wake_the_checkpointer(tmp_path: Path, sqlite_template: Path) -> None:
    path = tmp_path / "server.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}", checkpoint_in_background=True)
    try:
        for n in range(3):
            with direct_write(engine) as db:
                db.execute(pins._AUDIT, {"at": utcnow(), "actor": "test", "action": "direct",
                                         "object_id": str(n), "details": {}})
        assert eventually(lambda: _audit_rows_in_the_file(path) == 3)
    finally:
        engine.dispose()


def _pin_line(engine: Engine, number: str) -> lines.PinLine | None:
    with engine.connect() as connection:
        return lines.find_pin_line(connection, number)


def _audit_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(AuditLog)) or 0)


def _audit_rows_in_the_file(path: Path) -> int:
    """Rows in the main database file alone (immutable=1 reads it without the WAL)."""
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as raw:
        return int(raw.execute("SELECT count(*) FROM audit_log WHERE action = 'direct'").fetchone()[0])

