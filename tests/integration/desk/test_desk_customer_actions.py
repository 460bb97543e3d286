"""During the call: tickets, payments to the fen, PIN resets behind the document check,
line features, and only ever for the caller's own lines and accounts."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.db.models import Account, AuditLog, Line, Payment, Ticket
from backoffice.domain.pins import DEFAULT_PIN_POLICY
from backoffice.services import pins
from tests.integration.desk.desk_helpers import SHOWCASE_NUMBER, DeskUser, agent, place_call

NEW_PIN = "480317"


@pytest.fixture
def call(app: FastAPI, switchboard: TestClient, ivr_token: str) -> tuple[DeskUser, int]:
    user = DeskUser.login(app, "agent05")
    user.available()
    entry_id = place_call(switchboard, ivr_token, "call-actions")
    app.state.dispatcher.tick()
    assert user.post(f"/desk/call/{entry_id}/answer").status_code == 200
    return user, entry_id


def line_and_account(engine: Engine, number: str = SHOWCASE_NUMBER) -> tuple[Line, Account]:
    with Session(engine) as db:
        line = db.scalar(select(Line).where(Line.number == number))
        assert line is not None
        return line, db.get(Account, line.account_id)  # type: ignore[return-value]


def test_create_ticket_owned_by_the_agent(call: tuple[DeskUser, int],
                                          app_engine: Engine) -> None:
    user, entry_id = call
    reply = user.post(f"/desk/call/{entry_id}/ticket", type="complaint",
                      summary="charged twice for roaming", details="since last month")
    assert reply.status_code == 200
    with Session(app_engine) as db:
        ticket = db.scalar(select(Ticket).where(Ticket.summary == "charged twice for roaming"))
    assert ticket is not None and ticket.number in reply.text
    assert (ticket.channel, ticket.type, ticket.details) == ("agent", "complaint", "since last month")
    assert ticket.owner_agent_id == agent(app_engine, "agent05").id
    assert ticket.contact_number == SHOWCASE_NUMBER
    assert ticket.number in user.get(f"/desk/call/{entry_id}/pop").text  # now an open ticket
    assert user.post(f"/desk/call/{entry_id}/ticket", type="gossip",
                     summary="x").status_code == 422


@pytest.mark.parametrize("typed, fen", [("12.34", 1234), ("0.01", 1), ("100", 10000),
                                        ("7.5", 750)])
def test_a_payment_is_credited_exactly(call: tuple[DeskUser, int], app_engine: Engine,
                                       typed: str, fen: int) -> None:
    user, entry_id = call
    _line, before = line_and_account(app_engine)
    reply = user.post(f"/desk/call/{entry_id}/payment", account_id=before.id, amount=typed,
                      token="t" * 20)
    assert reply.status_code == 200, reply.text
    _line, after = line_and_account(app_engine)
    assert after.balance_fen - before.balance_fen == fen
    with Session(app_engine) as db:
        payment = db.scalar(select(Payment).where(Payment.account_id == before.id,
                                                  Payment.created_by == "agent:agent05"))
    assert payment is not None and payment.amount_fen == fen
    assert payment.created_by == "agent:agent05"


@pytest.mark.parametrize("typed", ["0.001", "1e3", "-5", "0", "12,50", "50001", "abc", "NaN"])
def test_a_payment_with_a_bad_amount_is_refused(call: tuple[DeskUser, int],
                                                app_engine: Engine, typed: str) -> None:
    user, entry_id = call
    _line, account = line_and_account(app_engine)
    reply = user.post(f"/desk/call/{entry_id}/payment", account_id=account.id, amount=typed,
                      token="t" * 20)
    assert reply.status_code == 422
    assert line_and_account(app_engine)[1].balance_fen == account.balance_fen


def test_a_resent_payment_form_is_not_charged_twice(call: tuple[DeskUser, int],
                                                    app_engine: Engine) -> None:
    user, entry_id = call
    _line, account = line_and_account(app_engine)
    for _ in range(2):
        reply = user.post(f"/desk/call/{entry_id}/payment", account_id=account.id,
                          amount="50", token="same-form-token-123")
        assert reply.status_code == 200
    assert "未重复收款" in reply.text
    assert line_and_account(app_engine)[1].balance_fen == account.balance_fen + 5000
    reused = user.post(f"/desk/call/{entry_id}/payment", account_id=account.id, amount="60",
                       token="same-form-token-123")
    assert reused.status_code == 422


def test_a_payment_to_another_customers_account_is_refused(call: tuple[DeskUser, int],
                                                           app_engine: Engine) -> None:
    user, entry_id = call
    _line, other = line_and_account(app_engine, "13800000002")
    reply = user.post(f"/desk/call/{entry_id}/payment", account_id=other.id, amount="10",
                      token="t" * 20)
    assert reply.status_code == 422 and "只能为本次来电客户办理" in reply.text
    assert line_and_account(app_engine, "13800000002")[1].balance_fen == other.balance_fen


def test_given_no_document_tick_when_resetting_the_pin_then_refused(
        call: tuple[DeskUser, int], app_engine: Engine) -> None:
    user, entry_id = call
    line, _account = line_and_account(app_engine)
    reply = user.post(f"/desk/call/{entry_id}/pin", line_id=line.id, new_pin=NEW_PIN,
                      confirm_pin=NEW_PIN)
    assert reply.status_code == 422 and "核对客户身份证件" in reply.text
    assert line_and_account(app_engine)[0].pin_hash == line.pin_hash


def test_given_the_document_checked_when_resetting_the_pin_then_the_new_pin_works_and_no_digits_are_kept(
        call: tuple[DeskUser, int], app: FastAPI, app_engine: Engine) -> None:
    user, entry_id = call
    line, _account = line_and_account(app_engine)
    trivial = user.post(f"/desk/call/{entry_id}/pin", line_id=line.id, new_pin="123456",
                        confirm_pin="123456", document_checked="yes")
    assert trivial.status_code == 422 and "过于简单" in trivial.text
    differ = user.post(f"/desk/call/{entry_id}/pin", line_id=line.id, new_pin=NEW_PIN,
                       confirm_pin="480318", document_checked="yes")
    assert differ.status_code == 422
    reply = user.post(f"/desk/call/{entry_id}/pin", line_id=line.id, new_pin=NEW_PIN,
                      confirm_pin=NEW_PIN, document_checked="yes")
    assert reply.status_code == 200
    for response in (trivial, differ, reply):
        assert NEW_PIN not in response.text and "123456" not in response.text
    with Session(app_engine) as db:
        fresh = db.get(Line, line.id)
        assert fresh is not None
        check = pins.verify(db, fresh, NEW_PIN, app.state.settings.pin_key_bytes,
                            DEFAULT_PIN_POLICY, utcnow(), "test")
        assert check.status == "ok"
        rows = db.scalars(select(AuditLog).where(AuditLog.object_id == str(line.id))).all()
    actions = {r.action for r in rows}
    assert {"pin_reset_by_agent", "pin_reset_identity_checked"} <= actions
    checked = next(r for r in rows if r.action == "pin_reset_identity_checked")
    assert checked.details["identity_document_checked"] is True
    assert checked.actor == "agent:agent05"
    with Session(app_engine) as db:
        everything = json.dumps([(r.action, r.object_id, r.details)
                                 for r in db.scalars(select(AuditLog))], ensure_ascii=False)
    assert NEW_PIN not in everything and "480318" not in everything


def test_line_features_change_through_self_service_rules(call: tuple[DeskUser, int],
                                                         app_engine: Engine) -> None:
    user, entry_id = call
    line, _account = line_and_account(app_engine)
    reply = user.post(f"/desk/call/{entry_id}/line", line_id=line.id,
                      change="call_forwarding", enable="on", target="13912345678")
    assert reply.status_code == 200, reply.text
    assert line_and_account(app_engine)[0].call_forwarding_to == "13912345678"
    with Session(app_engine) as db:
        order = db.scalar(select(Ticket).where(Ticket.type == "service_order",
                                               Ticket.channel == "agent")
                          .order_by(Ticket.id.desc()).limit(1))  # the demo has orders too
    assert order is not None and order.number in reply.text
    again = user.post(f"/desk/call/{entry_id}/line", line_id=line.id,
                      change="call_forwarding", enable="on", target="13912345678")
    assert again.status_code == 409


def test_actions_need_the_call_in_progress(call: tuple[DeskUser, int],
                                           app_engine: Engine) -> None:
    user, entry_id = call
    user.post(f"/desk/call/{entry_id}/hangup")
    line, account = line_and_account(app_engine)
    assert user.post(f"/desk/call/{entry_id}/payment", account_id=account.id, amount="1",
                     token="t" * 20).status_code == 409
    with Session(app_engine) as db:
        count = db.scalar(select(func.count()).select_from(Payment).where(
            Payment.created_by == "agent:agent05"))
    assert count == 0
    # a ticket may still be written during the wrap-up
    assert user.post(f"/desk/call/{entry_id}/ticket", type="consultation",
                     summary="follow up").status_code == 200
