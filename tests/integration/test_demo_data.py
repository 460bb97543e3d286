"""Demo data is deterministic, realistic and consistent with the billing rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.base import Base
from backoffice.db.models import Account, Agent, Bill, Customer, Line, RechargeCard
from backoffice.demo.load import NotEmpty, load_demo_data
from backoffice.domain.arrears import BillDue, months_in_arrears, target_state
from backoffice.domain.pins import pin_matches

KEY = b"test-pin-key"
TODAY = date(2026, 11, 22)


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            name: [tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key))]
            for name, table in Base.metadata.tables.items()
            if name not in ("agents",)  # argon2 hashes are salted at random by design
        }


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    load_demo_data(engine, customers=60, seed=7, today=TODAY, pin_key=KEY, progress=False)
    return engine


def test_given_same_seed_when_loaded_twice_then_data_is_identical(
    loaded: Engine, tmp_path: object
) -> None:
    from backoffice.db.engine import make_engine
    from backoffice.db.migrate import upgrade

    other_url = f"sqlite:///{tmp_path}/other.db"  # type: ignore[str-format]
    upgrade(other_url)
    other = make_engine(other_url)
    load_demo_data(other, customers=60, seed=7, today=TODAY, pin_key=KEY, progress=False)
    first, second = _dump(loaded), _dump(other)
    for name in first:
        if name in ("tickets", "ticket_events", "incidents", "blacklist", "recharge_cards"):
            assert len(first[name]) == len(second[name])  # timestamps default to now
        else:
            assert first[name] == second[name], name


def test_credit_states_follow_the_arrears_rule(loaded: Engine) -> None:
    with Session(loaded) as db:
        accounts = db.scalars(select(Account)).all()
        states = {a.credit_state for a in accounts}
        for account in accounts:
            bills = db.scalars(select(Bill).where(Bill.account_id == account.id)).all()
            dues = [BillDue(b.period, b.due_date, b.outstanding_fen) for b in bills]
            assert account.credit_state == target_state(months_in_arrears(dues, TODAY))
            paid = sum(b.paid_fen for b in bills)
            assert account.balance_fen >= paid - sum(b.amount_fen for b in bills)
    assert {"active", "one_way_suspended", "two_way_suspended"} <= states


def test_showcase_lines_have_documented_states_and_pin(loaded: Engine) -> None:
    with Session(loaded) as db:
        by_number = {line.number: line for line in db.scalars(select(Line))}
        assert by_number["13800000002"].account.credit_state == "one_way_suspended"
        assert by_number["13800000003"].account.credit_state == "two_way_suspended"
        assert by_number["13800000004"].account.customer.vip_level == 2
        assert by_number["13800000005"].pin_locked_until is not None
        line = by_number["13800000001"]
        assert line.pin_hash and line.pin_salt
        assert pin_matches(KEY, bytes.fromhex(line.pin_salt), "135790", line.pin_hash)
        assert not pin_matches(KEY, bytes.fromhex(line.pin_salt), "135791", line.pin_hash)
        assert db.scalar(select(func.count()).select_from(Customer)) == 60
        assert db.scalar(select(func.count()).select_from(RechargeCard).where(
            RechargeCard.status == "used")) > 0
        roles = set(db.scalars(select(Agent.role)))
        assert {"agent", "qa", "supervisor", "department", "admin"} <= roles


def test_loading_twice_is_refused(loaded: Engine) -> None:
    with pytest.raises(NotEmpty):
        load_demo_data(loaded, customers=5, seed=7, today=TODAY, pin_key=KEY, progress=False)


def test_new_rows_get_fresh_ids_after_demo_load(loaded: Engine) -> None:
    """Explicit demo ids must not collide with later inserts (PostgreSQL sequences moved on)."""
    with Session(loaded) as db, db.begin():
        customer = Customer(name="新客户", id_document="x", area="xuhui")
        db.add(customer)
        db.flush()
        assert customer.id > 60
