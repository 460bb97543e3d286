"""The daily billing run applies the arrears state machine and is safe to run twice."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.models import Account, CreditEvent
from backoffice.demo.load import load_demo_data
from backoffice.services.arrears import billing_run

TODAY = date(2026, 11, 10)  # the October bill falls due on Nov 20


def test_billing_run_suspends_after_due_dates_and_is_idempotent(engine: Engine) -> None:
    load_demo_data(engine, 40, 11, TODAY, b"k", progress=False)
    later = TODAY + timedelta(days=15)
    with Session(engine) as db, db.begin():
        first = billing_run(db, later)
    with Session(engine) as db, db.begin():
        second = billing_run(db, later)
    assert first and second == {}
    with Session(engine) as db:
        events = db.scalar(select(func.count()).select_from(CreditEvent))
        assert events == sum(first.values())
        states = dict(db.execute(select(Account.credit_state, func.count())
                                 .group_by(Account.credit_state)).all())
    assert states.get("two_way_suspended", 0) >= 1
