"""SLA clocks from the seeded, editable `sla_rules` table, overdue flags, and the sweep that
escalates overdue tickets to the supervisors once — with the time under the test's control."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from backoffice.config import Settings
from backoffice.db.models import SlaRule, Ticket, TicketEvent, TicketTask
from backoffice.services.sla import SlaPolicy, is_ticket_overdue, run_sla_sweep, sla_sweep
from backoffice.services.ticket_queries import tickets_matching
from backoffice.services.ticket_workflow import apply_action, open_tasks, work_list
from backoffice.services.tickets import open_ticket
from tests.integration.tickets.ticket_helpers import NOW, World, count, history, later, race, reload


def _open(sessions: sessionmaker[Session], policy: SlaPolicy, type: str, customer: int,
          subtype: str | None = None, at: datetime = NOW) -> Ticket:
    with sessions() as db, db.begin():
        return open_ticket(db, type=type, subtype=subtype, summary=type, channel="api",
                           actor="api:crm", now=at, customer_id=customer, policy=policy)


@pytest.mark.parametrize(("subtype", "area", "resolve_within"), [
    ("new_install", "urban", timedelta(days=28)),
    ("new_install", "rural", timedelta(days=38)),
    ("move", "rural", timedelta(days=38)),
    ("change", "urban", timedelta(hours=24)),
    ("resume", "rural", timedelta(hours=24)),
])
def test_service_order_deadlines_follow_the_operator_standards(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy, subtype: str,
        area: str, resolve_within: timedelta) -> None:
    customer = world.urban_customer if area == "urban" else world.rural_customer
    ticket = _open(sessions, policy, "service_order", customer, subtype)
    assert ticket.area_kind == area
    assert ticket.sla_deadline == NOW + resolve_within
    assert ticket.accept_deadline == NOW + timedelta(days=1)  # a Wednesday: next business day


def test_the_acceptance_reply_is_counted_in_business_days(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    friday_5pm = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    ticket = _open(sessions, policy, "complaint", world.urban_customer, at=friday_5pm)
    assert ticket.accept_deadline == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 17:00
    # complaints: 3 business days (Mon, Tue, Wed after the weekend)
    assert ticket.sla_deadline == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_holidays_from_the_settings_stop_business_clocks(
        sessions: sessionmaker[Session], world: World) -> None:
    thursday = date(2026, 11, 19)
    policy = SlaPolicy.from_settings(Settings(  # type: ignore[call-arg]
        env="test", _env_file=None, business_holidays=[thursday]))
    ticket = _open(sessions, policy, "consultation", world.urban_customer)
    assert ticket.accept_deadline == NOW + timedelta(days=2)  # Friday 10:00
    change = _open(sessions, policy, "service_order", world.urban_customer, "change")
    assert change.sla_deadline == NOW + timedelta(hours=24)  # calendar hours: no holiday


def test_the_rules_are_configurable_in_the_table(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    with sessions() as db, db.begin():
        db.execute(update(SlaRule).where(SlaRule.ticket_type == "service_order",
                                         SlaRule.subtype == "change")
                   .values(duration_minutes=12 * 60))
        db.add(SlaRule(ticket_type="suggestion", subtype=None, area_kind="rural",
                       stage="resolve", duration_minutes=60, calendar="calendar", note="test"))
    assert _open(sessions, policy, "service_order", world.urban_customer,
                 "change").sla_deadline == NOW + timedelta(hours=12)
    assert _open(sessions, policy, "suggestion",
                 world.rural_customer).sla_deadline == NOW + timedelta(hours=1)
    assert _open(sessions, policy, "suggestion",
                 world.urban_customer).sla_deadline == NOW + timedelta(days=7)  # 5 business


def test_overdue_flags_per_stage_and_in_the_lists(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    late = _open(sessions, policy, "service_order", world.urban_customer, "change").number
    accepted = _open(sessions, policy, "service_order", world.urban_customer,
                     "new_install").number
    done = _open(sessions, policy, "service_order", world.urban_customer, "change").number
    with sessions() as db, db.begin():
        for number, actions in ((accepted, ["accept"]),
                                (done, ["accept", "start_fulfilment", "complete"])):
            ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
            for action in actions:
                apply_action(db, ticket, action, world.network, later(hours=1),
                             resolution="done")
    on_time, next_day, next_month = later(hours=20), later(hours=25), later(days=29)
    assert not is_ticket_overdue(reload(sessions, late), on_time)
    assert is_ticket_overdue(reload(sessions, late), next_day)  # no acceptance reply
    assert not is_ticket_overdue(reload(sessions, accepted), next_day)  # accepted in time
    assert is_ticket_overdue(reload(sessions, accepted), next_month)  # 28 days passed
    assert not is_ticket_overdue(reload(sessions, done), next_month)  # the work is done
    with sessions() as db:
        def overdue_at(when: datetime, overdue: bool = True) -> set[str]:
            return {t.number for t in db.scalars(tickets_matching(overdue=overdue, now=when))}

        assert overdue_at(on_time) == set()
        assert overdue_at(next_day) == {late}
        assert overdue_at(next_month) == {late, accepted}
        assert overdue_at(next_month, overdue=False) == {done}
        assert {t.number for t in work_list(db, world.supervisor, next_month,
                                            overdue=True)} == {late, accepted}
        assert {t.number for t in work_list(db, world.network, next_day,
                                            overdue=False)} == {accepted, done}


def test_the_sweep_escalates_an_overdue_ticket_once_with_a_task_for_supervisors(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    number = _open(sessions, policy, "fault", world.urban_customer).number
    fine = _open(sessions, policy, "fault", world.urban_customer, at=later(hours=20)).number
    assert run_sla_sweep(sessions, later(hours=23)) == 0
    assert run_sla_sweep(sessions, later(hours=25)) == 1
    assert history(sessions, number)[-1] == ("escalated", "received", "received")
    assert reload(sessions, number).escalated_at == later(hours=25)
    assert run_sla_sweep(sessions, later(hours=26)) == 0  # not again
    with sessions() as db, db.begin():  # later overdue on resolution too: still once
        ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
        apply_action(db, ticket, "dispatch", world.network, later(hours=26))
    assert run_sla_sweep(sessions, later(days=3)) == 1  # only `fine`, now overdue itself
    assert [a for a, _f, _t in history(sessions, number)].count("escalated") == 1
    assert reload(sessions, fine).escalated_at == later(days=3)
    with sessions() as db:
        pool = open_tasks(db, world.supervisor, later(days=3))
        assert {(t.ticket.number, t.kind, t.role, t.assignee_agent_id) for t in pool} == {
            (number, "escalation", "supervisor", None), (fine, "escalation", "supervisor", None)}
        assert open_tasks(db, world.agent, later(days=3)) == []


def test_racing_sweeps_escalate_each_ticket_once(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    for _ in range(3):
        _open(sessions, policy, "complaint", world.urban_customer)
    totals: list[int] = []
    outcomes = race(4, lambda: totals.append(run_sla_sweep(sessions, later(days=10))))
    assert outcomes == [None] * 4
    assert sum(totals) == 3
    assert count(sessions, TicketEvent, TicketEvent.action == "escalated") == 3
    assert count(sessions, TicketTask, TicketTask.kind == "escalation") == 3


def test_closed_and_cancelled_tickets_are_never_escalated(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    number = _open(sessions, policy, "service_order", world.urban_customer, "stop").number
    with sessions() as db, db.begin():
        ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
        apply_action(db, ticket, "cancel", world.agent, later(hours=1), note="changed mind")
        assert sla_sweep(db, later(days=30)) == 0


def test_the_cli_sweeps_at_the_current_time(
        db_url: str, sessions: sessionmaker[Session], world: World, policy: SlaPolicy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from backoffice import cli

    number = _open(sessions, policy, "suggestion", world.urban_customer).number
    settings = Settings(env="test", database_url=db_url, _env_file=None)  # type: ignore[call-arg]
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    with time_machine.travel(later(hours=2), tick=False):
        early = CliRunner().invoke(cli.app, ["sla-sweep"])
    with time_machine.travel(later(days=2), tick=False):
        late = CliRunner().invoke(cli.app, ["sla-sweep"])
    assert early.exit_code == 0 and "0 tickets escalated" in early.output
    assert late.exit_code == 0 and "1 tickets escalated" in late.output
    assert reload(sessions, number).escalated_at == later(days=2)
