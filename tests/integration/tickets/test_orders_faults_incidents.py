"""Service orders (verified customers without arrears only; fulfilment by actions), and fault
reports linked to incidents: recorded once per line and incident, closed together with one
unified reply when the incident is resolved, with callback tasks for the owners or the pool."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import Line, Ticket, TicketTask
from backoffice.services.faults import report_fault
from backoffice.services.incidents import open_incident, resolve_incident, unified_reply
from backoffice.services.service_orders import ServiceOrderRefused, place_service_order
from backoffice.services.sla import SlaPolicy
from backoffice.services.ticket_workflow import ForbiddenTransition, MissingField, apply_action
from backoffice.services.tickets import open_ticket
from tests.integration.tickets.ticket_helpers import NOW, World, count, history, later, reload, tasks


def _order(sessions: sessionmaker[Session], world: World, policy: SlaPolicy, *,
           line: int | None = None, customer: int | None = None, verified: bool = True,
           subtype: str = "new_install") -> str:
    with sessions() as db, db.begin():
        return place_service_order(
            db, customer_id=customer, line=db.get(Line, line) if line else None,
            subtype=subtype, summary="broadband at home", channel="agent",
            actor=world.agent.name, now=NOW, verified=verified, policy=policy,
            owner_agent_id=world.agent.agent_id).number


@pytest.mark.parametrize(("who", "verified", "reason"), [
    ("urban_line", False, "not_verified"),
    ("owing_line", True, "arrears"),
    ("owing_customer", True, "arrears"),
    (None, True, "no_customer"),
])
def test_service_orders_are_refused_with_a_distinct_reason(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy, who: str | None,
        verified: bool, reason: str) -> None:
    kind = {"urban_line": "line", "owing_line": "line", "owing_customer": "customer",
            None: None}[who]
    target = getattr(world, who) if who else None
    with pytest.raises(ServiceOrderRefused) as refused:
        _order(sessions, world, policy, verified=verified,
               line=target if kind == "line" else None,
               customer=target if kind == "customer" else None)
    assert refused.value.reason == reason
    assert count(sessions, Ticket) == 0


def test_a_service_order_is_fulfilled_through_its_actions(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    number = _order(sessions, world, policy, customer=world.rural_customer)
    order = reload(sessions, number)
    assert (order.status, order.subtype, order.area_kind, order.department) == (
        "received", "new_install", "rural", "network")
    assert order.sla_deadline == NOW + timedelta(days=38)
    steps = [("accept", world.agent, {}), ("start_fulfilment", world.network, {}),
             ("complete", world.network, {"resolution": "installed and tested"}),
             ("close", world.agent, {"customer_informed": True})]
    with sessions() as db, db.begin():
        ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
        with pytest.raises(ForbiddenTransition):
            apply_action(db, ticket, "complete", world.network, later(hours=1), resolution="x")
    for hours, (action, actor, fields) in enumerate(steps, 1):
        with sessions() as db, db.begin():
            ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
            apply_action(db, ticket, action, actor, later(hours=hours), **fields)  # type: ignore[arg-type]
    assert [to for _a, _f, to in history(sessions, number)] == [
        "received", "accepted", "in_fulfilment", "completed", "closed"]
    (callback,) = tasks(sessions, number)
    assert callback.assignee_agent_id == world.agent.agent_id and callback.done_at is not None


def test_a_service_order_is_cancelled_only_before_completion_and_with_a_reason(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    number = _order(sessions, world, policy, line=world.urban_line, subtype="change")
    with sessions() as db, db.begin():
        ticket = db.scalars(select(Ticket).where(Ticket.number == number)).one()
        with pytest.raises(MissingField, match="note"):
            apply_action(db, ticket, "cancel", world.api, later(hours=1))
        apply_action(db, ticket, "cancel", world.api, later(hours=1), note="customer moved")
    cancelled = reload(sessions, number)
    assert cancelled.status == "cancelled" and cancelled.closed_at == later(hours=1)


def _line(db: Session, line_id: int) -> Line:
    line = db.get(Line, line_id)
    assert line is not None
    return line


def _report(sessions: sessionmaker[Session], line_id: int, policy: SlaPolicy,
            minutes: float = 0) -> tuple[int | None, str | None, str | None]:
    with sessions() as db, db.begin():
        outcome = report_fault(db, _line(db, line_id), "broadband", "ivr", "ivr",
                               later(minutes=minutes), policy)
        ticket = outcome.ticket
        return (outcome.incident.id if outcome.incident else None,
                ticket.number if ticket else None, ticket.status if ticket else None)


def _incident(sessions: sessionmaker[Session], policy: SlaPolicy, area: str = "xuhui",
              minutes: float = 0) -> int:
    with sessions() as db, db.begin():
        return open_incident(db, area=area, cause_code="fiber_cut", cause_zh="光缆中断",
                             cause_en="a cut fibre", started_at=later(minutes=minutes),
                             expected_fix_at=later(hours=6), actor="api:noc",
                             now=later(minutes=minutes), policy=policy).id


def test_a_fault_under_an_incident_is_recorded_once_per_line_and_incident(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    incident = _incident(sessions, policy)
    first = _report(sessions, world.urban_line, policy, minutes=5)
    assert first[0] == incident and first[2] == "linked"
    assert _report(sessions, world.urban_line, policy, minutes=9) == first  # a retry, a recall
    other_line = _report(sessions, world.owing_line, policy, minutes=9)
    assert other_line[0] == incident and other_line[1] != first[1]
    rural = _report(sessions, world.rural_line, policy, minutes=9)
    assert rural[0] is None and rural[2] == "received"
    assert first[1] is not None
    assert history(sessions, first[1]) == [("created", None, "received"),
                                           ("link_incident", "received", "linked")]
    assert reload(sessions, first[1]).incident_id == incident
    assert count(sessions, Ticket, Ticket.incident_id == incident) == 2


def test_opening_an_incident_links_the_areas_recent_waiting_faults(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    too_early = _report(sessions, world.urban_line, policy, minutes=0)[1]  # 3 h before
    recent = _report(sessions, world.owing_line, policy, minutes=90)[1]  # 1.5 h before
    elsewhere = _report(sessions, world.rural_line, policy, minutes=100)[1]
    with sessions() as db, db.begin():
        moved_on = open_ticket(db, type="fault", summary="no tone", channel="agent",
                               actor="agent:agent01", now=later(minutes=120),
                               customer_id=world.urban_customer, line_id=world.urban_line,
                               policy=policy)
        apply_action(db, moved_on, "dispatch", world.network, later(minutes=125))
        moved_number = moved_on.number
    incident = _incident(sessions, policy, minutes=180)
    statuses = {n: reload(sessions, n).status for n in (too_early, recent, elsewhere,
                                                        moved_number) if n}
    assert statuses == {too_early: "received", recent: "linked", elsewhere: "received",
                        moved_number: "dispatched"}
    assert recent is not None and reload(sessions, recent).incident_id == incident


def test_resolving_an_incident_closes_its_tickets_with_one_reply_and_callbacks(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    with sessions() as db, db.begin():  # an agent's ticket, reported before the incident
        owned = open_ticket(db, type="fault", summary="slow", channel="agent",
                            actor=world.agent.name, now=later(minutes=-30),
                            customer_id=world.urban_customer, line_id=world.urban_line,
                            owner_agent_id=world.agent.agent_id, policy=policy).number
    incident = _incident(sessions, policy)
    pooled = _report(sessions, world.owing_line, policy, minutes=10)[1]
    assert reload(sessions, owned).status == "linked"
    with sessions() as db, db.begin():
        outcome = resolve_incident(db, incident, later(hours=4), "api:noc")
        reply = unified_reply(outcome.incident)
    assert sorted(outcome.closed_tickets) == sorted([owned, pooled])
    for number, assignee in ((owned, world.agent.agent_id), (pooled, None)):
        ticket = reload(sessions, number)
        assert (ticket.status, ticket.resolution, ticket.closed_at) == (
            "closed", reply, later(hours=4))
        (callback,) = tasks(sessions, number)
        assert (callback.kind, callback.role, callback.assignee_agent_id, callback.done_at) == (
            "callback", "agent", assignee, None)
        assert history(sessions, number)[-1] == ("incident_resolved", "linked", "closed")
    with sessions() as db, db.begin():
        again = resolve_incident(db, incident, later(hours=5), "api:noc")
    assert again.closed_tickets == [] and again.incident.resolved_at == later(hours=4)
    assert count(sessions, TicketTask) == 2
    after = _report(sessions, world.urban_line, policy, minutes=300)
    assert after[0] is None and after[2] == "received"  # a new fault opens a ticket again


def test_a_custom_unified_reply_is_used_for_every_linked_ticket(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    incident = _incident(sessions, policy)
    numbers = [_report(sessions, line, policy, minutes=5)[1]
               for line in (world.urban_line, world.owing_line)]
    with sessions() as db, db.begin():
        resolve_incident(db, incident, later(hours=1), "agent:super01",
                         reply="光缆已熔接，网络恢复")
    assert {reload(sessions, n).resolution for n in numbers if n} == {"光缆已熔接，网络恢复"}
