"""A small world for the ticket workflow: customers in an urban and a rural area (one with
arrears), their lines, and desk users of every role. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backoffice.config import Settings
from backoffice.db.engine import make_session_factory
from backoffice.db.models import Account, Agent, Bill, Customer, Line, Plan
from backoffice.services.sla import SlaPolicy
from backoffice.services.ticket_workflow import Actor
from tests.integration.tickets.ticket_helpers import World


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine, write=True)


@pytest.fixture
def policy() -> SlaPolicy:
    return SlaPolicy.from_settings(Settings(env="test", _env_file=None))  # type: ignore[call-arg]


def _customer(db: Session, name: str, area: str, number: str, plan: Plan,
              owes_fen: int = 0) -> tuple[int, int, int]:
    customer = Customer(name=name, id_document="310***", area=area)
    db.add(customer)
    db.flush()
    account = Account(customer_id=customer.id, contract_number=f"88{customer.id:08d}",
                      balance_fen=-owes_fen)
    db.add(account)
    db.flush()
    line = Line(account_id=account.id, number=number, plan_id=plan.id)
    db.add(line)
    if owes_fen:
        db.add(Bill(account_id=account.id, period=date(2026, 9, 1), amount_fen=owes_fen,
                    issued_on=date(2026, 10, 1), due_date=date(2026, 10, 20)))
    db.flush()
    return customer.id, line.id, account.id


def _agent(db: Session, username: str, role: str, department: str | None = None) -> Actor:
    agent = Agent(username=username, display_name=username, password_hash="x", role=role,
                  department=department)
    db.add(agent)
    db.flush()
    return Actor(name=f"agent:{username}", role=role, agent_id=agent.id, department=department)


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    with sessions() as db, db.begin():
        plan = Plan(code="basic", name_zh="基础", name_en="Basic", monthly_fee_fen=1900,
                    per_minute_fen=15)
        db.add(plan)
        db.flush()
        urban = _customer(db, "张三", "xuhui", "13800000001", plan)
        rural = _customer(db, "李四", "chongming", "13800000002", plan)
        owing = _customer(db, "王五", "xuhui", "13800000003", plan, owes_fen=3900)
        return World(
            urban_customer=urban[0], urban_line=urban[1], urban_account=urban[2],
            rural_customer=rural[0], rural_line=rural[1],
            owing_customer=owing[0], owing_line=owing[1],
            agent=_agent(db, "agent01", "agent"), other_agent=_agent(db, "agent02", "agent"),
            qa=_agent(db, "qa01", "qa"), supervisor=_agent(db, "super01", "supervisor"),
            billing=_agent(db, "dept_bill", "department", "billing"),
            network=_agent(db, "dept_net", "department", "network"),
            admin=_agent(db, "admin", "admin"))
