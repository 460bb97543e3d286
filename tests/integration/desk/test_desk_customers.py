"""Finding customers by number, name or contract number; the customer page; the audit trail."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import Account, AuditLog, Customer, Line
from tests.integration.desk.desk_helpers import DeskUser


def showcase(engine: Engine) -> tuple[Customer, Account]:
    with Session(engine) as db:
        line = db.scalar(select(Line).where(Line.number == "13800000002"))
        assert line is not None
        account = db.get(Account, line.account_id)
        assert account is not None
        customer = db.get(Customer, account.customer_id)
        assert customer is not None
        return customer, account


def test_search_by_number_name_and_contract_finds_the_customer(app: FastAPI,
                                                               app_engine: Engine) -> None:
    customer, account = showcase(app_engine)
    user = DeskUser.login(app, "agent01")
    for query in ("13800000002", "+86 138 0000 0002", "李四", account.contract_number):
        page = user.get(f"/desk/customers?q={query}").text
        assert f'href="/desk/customers/{customer.id}"' in page, query
    assert 'data-testid="no-results"' in user.get("/desk/customers?q=19900000000").text


def test_the_customer_page_shows_accounts_lines_bills_and_tickets(app: FastAPI,
                                                                  app_engine: Engine) -> None:
    customer, account = showcase(app_engine)
    page = DeskUser.login(app, "qa01").get(f"/desk/customers/{customer.id}").text
    assert "李四" in page and account.contract_number in page and "13800000002" in page
    assert 'data-testid="bills"' in page
    assert "单向停机" in page  # one month in arrears: one-way suspended
    assert DeskUser.login(app, "qa01").get("/desk/customers/999999").status_code == 404


def test_searching_and_viewing_are_audited(app: FastAPI, app_engine: Engine) -> None:
    customer, _account = showcase(app_engine)
    user = DeskUser.login(app, "dept_bill")
    user.get("/desk/customers?q=李四")
    user.get(f"/desk/customers/{customer.id}")
    with Session(app_engine) as db:
        rows = db.execute(select(AuditLog.actor, AuditLog.action, AuditLog.object_id)
                          .where(AuditLog.action.in_(["customer_search", "customer_viewed"]))
                          .order_by(AuditLog.id)).all()
    assert rows == [("agent:dept_bill", "customer_search", None),
                    ("agent:dept_bill", "customer_viewed", str(customer.id))]
