"""Balance, bills and recharge cards through the IVR API; cards are single use under races."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.engine import make_session_factory
from backoffice.db.models import Account, Bill, Payment
from backoffice.demo.load import load_demo_data
from backoffice.services import lines, recharge
from backoffice.services.payments import apply_payment
from tests.support.ivr import token_for

CARD = {"card_serial": "9000000001", "card_pin": "1111222233334444"}


def _balance(ivr: TestClient, number: str) -> int:
    return ivr.get("/ivr/v1/balance", headers=token_for(ivr, number)).json()["balance_fen"]


def test_balance_needs_a_verified_caller(ivr: TestClient) -> None:
    assert ivr.get("/ivr/v1/balance").status_code == 401
    forged = ivr.get("/ivr/v1/balance", headers={"X-Caller-Token": "forged.token"})
    assert forged.status_code == 401
    assert forged.json()["reason"] == "caller_token"


def test_balance_and_latest_bill_are_those_of_the_verified_line(ivr: TestClient) -> None:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        expected = {n: lines.find_line(db, n).account.balance_fen  # type: ignore[union-attr]
                    for n in ("13800000001", "13800000003")}
    assert _balance(ivr, "13800000001") == expected["13800000001"]
    assert _balance(ivr, "13800000003") == expected["13800000003"] < 0
    bill = ivr.get("/ivr/v1/bills/latest", headers=token_for(ivr, "13800000003")).json()["bill"]
    assert bill["paid"] is False and bill["amount_fen"] > 0


def _bills(ivr: TestClient, number: str) -> list[Bill]:
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        line = lines.find_line(db, number)
        assert line is not None
        return list(db.scalars(select(Bill).where(Bill.account_id == line.account_id)
                               .order_by(Bill.due_date)))


def test_recharge_with_a_card_settles_the_oldest_unpaid_bill_first(ivr: TestClient) -> None:
    before = _balance(ivr, "13800000002")
    unpaid_before = [b for b in _bills(ivr, "13800000002") if b.outstanding_fen > 0]
    result = ivr.post("/ivr/v1/recharge", json={"call_id": "c1", "number": "13800000002",
                                                "card_serial": "9000000002",
                                                "card_pin": "5555666677778888"}).json()
    assert result == {"ok": True, "reason": None, "amount_fen": 10000,
                      "new_balance_fen": before + 10000}
    oldest = next(b for b in _bills(ivr, "13800000002") if b.id == unpaid_before[0].id)
    assert oldest.paid_fen == unpaid_before[0].paid_fen + min(10000, unpaid_before[0].outstanding_fen)


def test_paying_the_arrears_restores_service_at_once(ivr: TestClient, today: date) -> None:
    past_due = sum(b.outstanding_fen for b in _bills(ivr, "13800000003") if b.due_date < today)
    engine = ivr.app.state.engine  # type: ignore[attr-defined]
    with make_session_factory(engine, write=True)() as db, db.begin():
        line = lines.find_line(db, "13800000003")
        assert line is not None and line.account.credit_state == "two_way_suspended"
        apply_payment(db, line.account_id, past_due - 1, "agent", None, "test", today)
        assert line.account.credit_state == "one_way_suspended"  # the older month is settled
        apply_payment(db, line.account_id, 1, "agent", None, "test", today)
        assert line.account.credit_state == "active"
    who = ivr.post("/ivr/v1/identify", json={"caller_number": "13800000003"}).json()
    assert who["suspension"] == "none" and who["in_arrears"] is False


def test_used_and_wrong_cards_are_refused(ivr: TestClient) -> None:
    body = {"call_id": "c1", "number": "13800000001", **CARD}
    wrong = ivr.post("/ivr/v1/recharge", json={**body, "card_pin": "1111222233330000"}).json()
    assert wrong["reason"] == "invalid_card"
    assert ivr.post("/ivr/v1/recharge", json=body).json()["ok"] is True
    again = ivr.post("/ivr/v1/recharge", json={**body, "call_id": "c2"}).json()
    assert again == {"ok": False, "reason": "used_card", "amount_fen": 0, "new_balance_fen": None}
    unknown = ivr.post("/ivr/v1/recharge", json={**body, "number": "13000000000", "call_id": "c3"})
    assert unknown.json()["reason"] == "unknown_number"


def test_a_retry_within_the_same_call_does_not_pay_twice(ivr: TestClient) -> None:
    body = {"call_id": "c1", "number": "13800000001", **CARD}
    first = ivr.post("/ivr/v1/recharge", json=body).json()
    second = ivr.post("/ivr/v1/recharge", json=body).json()
    assert first == second and first["ok"] is True
    with Session(ivr.app.state.engine) as db:  # type: ignore[attr-defined]
        assert db.scalar(select(func.count()).select_from(Payment).where(
            Payment.reference == "9000000001")) == 1


@pytest.mark.parametrize("threads", [8])
def test_simultaneous_uses_of_one_card_exactly_one_succeeds(engine: Engine, threads: int) -> None:
    load_demo_data(engine, 20, 5, date(2026, 11, 22), b"k", progress=False)
    factory = make_session_factory(engine, write=True)
    barrier = threading.Barrier(threads)
    outcomes: list[bool] = []
    errors: list[BaseException] = []

    def use_card(number: str) -> None:
        try:
            barrier.wait()
            with factory() as db, db.begin():
                line = lines.find_line(db, number)
                outcomes.append(recharge.redeem(db, line, CARD["card_serial"], CARD["card_pin"],
                                                b"k", utcnow(), "test").ok)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    numbers = ["13800000001", "13800000004"] * (threads // 2)
    workers = [threading.Thread(target=use_card, args=(n,)) for n in numbers]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert sorted(outcomes) == [False] * (threads - 1) + [True]
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(Payment).where(
            Payment.reference == CARD["card_serial"])) == 1
        total = db.scalar(select(func.sum(Account.balance_fen)).where(Account.id.in_([1, 4])))
        assert total is not None
