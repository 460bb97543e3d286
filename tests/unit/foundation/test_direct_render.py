"""What backoffice/db/direct.py accepts: statements it can run exactly as SQLAlchemy would,
and a clear refusal for those it cannot (at first use, not with wrong rows)."""

from __future__ import annotations

from typing import cast

import pytest
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import psycopg

from backoffice.db.direct import prepared, render, rendered
from backoffice.db.models import AuditLog, Line

AUDIT = cast(Table, AuditLog.__table__)
DIALECTS = [sqlite.dialect(), psycopg.dialect()]


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_parameters_come_in_the_dialects_style_with_the_literals_of_the_statement(dialect) -> None:
    statement = select(Line.id).where(Line.number == bindparam("number")).limit(1)
    plan = render(statement, dialect)
    parameters = plan.parameters({"number": "13800000001"})
    if dialect.positional:
        assert list(parameters) == ["13800000001", 1, 0]  # LIMIT ? OFFSET ?
    else:
        assert isinstance(parameters, dict) and parameters["number"] == "13800000001"
        assert 1 in parameters.values()  # LIMIT 1, bound inside the statement
    with pytest.raises(KeyError):
        plan.parameters({})  # a missing parameter is an error, not a NULL


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_statements_it_cannot_run_faithfully_are_refused(dialect) -> None:
    expanding = select(Line.id).where(Line.id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(ValueError, match="expanding"):
        render(expanding, dialect)
    python_default = insert(AUDIT).values(actor=bindparam("actor"), action="x", object_type="line")
    with pytest.raises(ValueError, match="Python-side column defaults"):
        render(python_default, dialect)


def test_an_insert_that_would_return_its_key_must_be_inline() -> None:
    values = {"at": bindparam("at"), "actor": "a", "action": "x", "object_type": "line",
              "details": bindparam("details")}
    with pytest.raises(ValueError, match="inline"):
        render(insert(AUDIT).values(**values), psycopg.dialect())
    assert "RETURNING" not in render(insert(AUDIT).values(**values).inline(), psycopg.dialect()).sql


def test_registered_statements_are_compiled_once_others_on_every_use() -> None:
    dialect = sqlite.dialect()
    registered = prepared(select(Line.id).where(Line.number == bindparam("number")))
    assert rendered(registered, dialect) is rendered(registered, dialect)
    passing = select(Line.id).where(Line.number == bindparam("number"))
    assert rendered(passing, dialect) is not rendered(passing, dialect)
    assert rendered(passing, dialect) == rendered(registered, dialect)
