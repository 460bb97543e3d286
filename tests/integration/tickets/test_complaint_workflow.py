"""The complaint loop through the services, on both databases: history, callbacks for the
owner, the key rules, and the refund credited exactly once under retries and races."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.models import Account, Bill, Payment, Ticket, TicketTask
from backoffice.services.sla import SlaPolicy
from backoffice.services.ticket_workflow import (
    Actor,
    ForbiddenTransition,
    MissingField,
    NotAllowed,
    TicketRuleBroken,
    actions_for,
    apply_action,
    complete_task,
    open_tasks,
)
from backoffice.services.tickets import open_ticket
from tests.integration.tickets.ticket_helpers import (
    NOW,
    World,
    count,
    history,
    later,
    race,
    reload,
    tasks,
)


def _complaint(sessions: sessionmaker[Session], world: World, *, line: int | None = None,
               customer: int | None = None, owner: int | None = -1) -> str:
    with sessions() as db, db.begin():
        return open_ticket(
            db, type="complaint", summary="charged twice", channel="agent",
            actor=world.agent.name, now=NOW, customer_id=customer or world.urban_customer,
            line_id=line or world.urban_line, demand="refund the second fee",
            owner_agent_id=world.agent.agent_id if owner == -1 else owner).number


def act(sessions: sessionmaker[Session], number: str, action: str, actor: Actor,
        hours: float = 1, **fields: object) -> Ticket:
    with sessions() as db, db.begin():
        ticket = db.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        return apply_action(db, ticket, action, actor, later(hours=hours), **fields)  # type: ignore[arg-type]


def _to_reply_review(sessions: sessionmaker[Session], world: World, number: str) -> None:
    act(sessions, number, "send_to_qa", world.agent)
    act(sessions, number, "assign_department", world.qa, department="billing")
    act(sessions, number, "department_reply", world.billing, reply="billed twice by mistake")


def test_the_whole_loop_with_a_send_back_a_follow_up_and_a_refund(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    number = _complaint(sessions, world)
    _to_reply_review(sessions, world, number)
    act(sessions, number, "send_back", world.qa, note="say how much was billed")
    act(sessions, number, "department_reply", world.billing, reply="39 yuan billed twice")
    act(sessions, number, "accept_reply", world.qa, resolution="refund 39 yuan",
        refund_fen=3900, policy=policy)
    (callback,) = tasks(sessions, number)
    assert (callback.kind, callback.assignee_agent_id, callback.role) == (
        "callback", world.agent.agent_id, "agent")
    assert callback.done_at is None
    act(sessions, number, "follow_up", world.agent, customer_informed=True,
        note="customer wants an apology letter too")
    assert tasks(sessions, number)[0].done_at is not None  # telling the customer did it
    act(sessions, number, "assign_department", world.supervisor, department="billing")
    act(sessions, number, "department_reply", world.billing, reply="letter sent")
    act(sessions, number, "accept_reply", world.qa, resolution="refund and apology")
    closed = act(sessions, number, "close_satisfied", world.agent, customer_informed=True,
                 satisfaction=4)
    assert (closed.status, closed.satisfaction, closed.resolution) == (
        "closed", 4, "refund and apology")
    assert closed.closed_at is not None and closed.customer_informed_at is not None
    assert closed.reply == "letter sent" and closed.refund_fen == 3900
    assert [a for a, _f, _t in history(sessions, number)] == [
        "created", "send_to_qa", "assign_department", "department_reply", "send_back",
        "department_reply", "accept_reply", "follow_up", "assign_department",
        "department_reply", "accept_reply", "close_satisfied"]
    assert all(t.done_at is not None for t in tasks(sessions, number))
    assert count(sessions, Payment, Payment.method == "refund") == 1


def test_solved_on_the_call_closes_at_once_with_satisfaction(
        sessions: sessionmaker[Session], world: World) -> None:
    number = _complaint(sessions, world)
    closed = act(sessions, number, "resolve_on_call", world.agent,
                 resolution="explained the bill", satisfaction=5)
    assert closed.status == "closed" and closed.customer_informed_at is not None
    assert history(sessions, number)[-1] == ("resolve_on_call", "received", "closed")


def test_a_complaint_cannot_close_without_resolution_or_telling_the_customer(
        sessions: sessionmaker[Session], world: World) -> None:
    number = _complaint(sessions, world)
    with pytest.raises(MissingField):
        act(sessions, number, "resolve_on_call", world.agent, satisfaction=5)
    _to_reply_review(sessions, world, number)
    act(sessions, number, "accept_reply", world.qa, resolution="refund")
    with pytest.raises(MissingField, match="customer_informed"):
        act(sessions, number, "close_satisfied", world.agent, satisfaction=5)
    assert reload(sessions, number).status == "informing"


def test_roles_department_and_owner_are_enforced(
        sessions: sessionmaker[Session], world: World) -> None:
    number = _complaint(sessions, world)
    with pytest.raises(NotAllowed):
        act(sessions, number, "send_to_qa", world.billing)
    act(sessions, number, "send_to_qa", world.api)
    with pytest.raises(NotAllowed):
        act(sessions, number, "assign_department", world.agent, department="billing")
    act(sessions, number, "assign_department", world.qa, department="billing")
    with pytest.raises(NotAllowed, match="billing"):
        act(sessions, number, "department_reply", world.network, reply="not ours")
    act(sessions, number, "department_reply", world.billing, reply="ours")
    act(sessions, number, "accept_reply", world.admin, resolution="fixed")
    with pytest.raises(NotAllowed, match="owns"):
        act(sessions, number, "close_satisfied", world.other_agent, customer_informed=True,
            satisfaction=3)
    with pytest.raises(ForbiddenTransition, match="informing"):
        act(sessions, number, "send_to_qa", world.agent)
    with sessions() as db:
        ticket = db.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        assert actions_for(ticket, world.other_agent) == ("add_note",)
        assert actions_for(ticket, world.agent) == ("close_satisfied", "follow_up", "add_note")
    assert reload(sessions, number).status == "informing"


def test_a_note_keeps_the_status_and_writes_history(
        sessions: sessionmaker[Session], world: World) -> None:
    number = _complaint(sessions, world)
    act(sessions, number, "add_note", world.qa, note="customer called again")
    assert history(sessions, number)[-1] == ("add_note", "received", "received")
    with pytest.raises(MissingField):
        act(sessions, number, "add_note", world.qa, note="   ")


def _balance(sessions: sessionmaker[Session], account_id: int) -> int:
    with sessions() as db:
        return db.scalars(select(Account.balance_fen).where(Account.id == account_id)).one()


def test_a_refund_is_a_payment_that_settles_arrears_and_is_never_repeated(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    with sessions() as db:
        account_id = db.scalars(select(Account.id).where(
            Account.customer_id == world.owing_customer)).one()
    number = _complaint(sessions, world, line=world.owing_line, customer=world.owing_customer)
    _to_reply_review(sessions, world, number)
    act(sessions, number, "accept_reply", world.qa, resolution="refund", refund_fen=3900,
        policy=policy)
    for _retry in range(3):  # the same request again: refused, nothing credited
        with pytest.raises(ForbiddenTransition):
            act(sessions, number, "accept_reply", world.qa, resolution="refund",
                refund_fen=3900, policy=policy)
    assert _balance(sessions, account_id) == 0
    with sessions() as db:
        bill = db.scalars(select(Bill).where(Bill.account_id == account_id)).one()
        assert bill.paid_fen == bill.amount_fen
        payment = db.scalars(select(Payment).where(Payment.method == "refund")).one()
        assert (payment.amount_fen, payment.reference) == (3900, f"ticket:{number}")
    assert reload(sessions, number).refund_payment_id == payment.id
    # back round the loop: a second refund for the ticket is refused, the change undone
    act(sessions, number, "follow_up", world.agent, customer_informed=True, note="more?")
    act(sessions, number, "assign_department", world.qa, department="billing")
    act(sessions, number, "department_reply", world.billing, reply="again")
    with pytest.raises(TicketRuleBroken, match="already"):
        act(sessions, number, "accept_reply", world.qa, resolution="more", refund_fen=100,
            policy=policy)
    assert reload(sessions, number).status == "reply_review"
    assert count(sessions, Payment, Payment.method == "refund") == 1
    assert _balance(sessions, account_id) == 0


def test_racing_acceptances_credit_the_refund_once(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    number = _complaint(sessions, world)
    _to_reply_review(sessions, world, number)
    before = _balance(sessions, world.urban_account)
    outcomes = race(6, lambda: act(sessions, number, "accept_reply", world.qa,
                                    resolution="refund", refund_fen=1500, policy=policy)
                     and None)
    assert outcomes.count(None) == 1
    assert all(isinstance(o, ForbiddenTransition) for o in outcomes if o is not None)
    assert _balance(sessions, world.urban_account) == before + 1500
    assert count(sessions, Payment, Payment.method == "refund") == 1
    assert count(sessions, TicketTask, TicketTask.kind == "callback") == 1
    assert [a for a, _f, _t in history(sessions, number)].count("accept_reply") == 1


def test_tasks_are_listed_for_their_assignee_or_pool_and_completed_once(
        sessions: sessionmaker[Session], world: World) -> None:
    owned = _complaint(sessions, world)
    pooled = _complaint(sessions, world, owner=None)
    for number in (owned, pooled):
        _to_reply_review(sessions, world, number)
        act(sessions, number, "accept_reply", world.qa, resolution="ok")
    with sessions() as db:
        mine = open_tasks(db, world.agent, NOW)
        theirs = open_tasks(db, world.other_agent, NOW)
        assert {t.ticket.number for t in mine} == {owned, pooled}
        assert {t.ticket.number for t in theirs} == {pooled}
        assert open_tasks(db, world.qa, NOW) == []
    task_id = tasks(sessions, owned)[0].id
    with sessions() as db, db.begin(), pytest.raises(NotAllowed):
        complete_task(db, task_id, world.other_agent, later(hours=5))
    for _twice in range(2):
        with sessions() as db, db.begin():
            done = complete_task(db, task_id, world.agent, later(hours=5), note="called")
            assert done.done_by == world.agent.name
    assert [a for a, _f, _t in history(sessions, owned)].count("task_done") == 1


def test_a_refund_without_an_account_is_refused_before_anything_changes(
        sessions: sessionmaker[Session], world: World, policy: SlaPolicy) -> None:
    with sessions() as db, db.begin():
        number = open_ticket(db, type="complaint", summary="anonymous", channel="api",
                             actor="api:crm", now=NOW, policy=policy).number
    _to_reply_review(sessions, world, number)
    with pytest.raises(TicketRuleBroken, match="no customer account"):
        act(sessions, number, "accept_reply", world.qa, resolution="refund", refund_fen=100,
            policy=policy)
    assert reload(sessions, number).status == "reply_review"
    assert act(sessions, number, "accept_reply", world.qa, resolution="apology").status == \
        "informing"
