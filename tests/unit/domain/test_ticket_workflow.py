"""The ticket state machines: every transition of every type, and every forbidden one,
generated from the tables; then the roles, the required fields and the key rules."""

from __future__ import annotations

import itertools

import pytest

from backoffice.domain.ticket_workflow import (
    ACTION_ROLES,
    ACTIONS,
    ADD_NOTE,
    CLOSED,
    HUMAN_ROLES,
    RECEIVED,
    ROLES,
    TICKET_TYPES,
    TRANSITIONS,
    Acting,
    ActionInput,
    ForbiddenTransition,
    MissingField,
    NotAllowed,
    TicketFacts,
    TicketRuleBroken,
    allowed_actions,
    decide,
    next_status,
    required_fields,
    statuses,
)

ALL_STATUSES = sorted({s for t in TICKET_TYPES for s in statuses(t)} | {"no_such_status"})
EVERY_ACTION = (*ACTIONS, "no_such_action")
DEPT = "billing"
FULL = ActionInput(note="n", resolution="r", department=DEPT, reply="rep", satisfaction=5,
                   customer_informed=True, incident_id=1)


def _facts(type: str, status: str, **extra: object) -> TicketFacts:
    return TicketFacts(type=type, status=status, department=DEPT, **extra)  # type: ignore[arg-type]


def _acting(role: str) -> Acting:
    return Acting(role=role, agent_id=7, department=DEPT)


CASES = list(itertools.product(TICKET_TYPES, ALL_STATUSES, EVERY_ACTION))


@pytest.mark.parametrize(("type", "status", "action"), CASES)
def test_every_transition_and_every_forbidden_one(type: str, status: str, action: str) -> None:
    expected = TRANSITIONS[type].get((status, action))
    if action == ADD_NOTE:
        assert next_status(type, status, action) == status
    elif expected is not None:
        assert next_status(type, status, action) == expected
    else:
        with pytest.raises(ForbiddenTransition) as refused:
            next_status(type, status, action)
        message = str(refused.value)
        assert f"'{status}'" in message and f"'{action}'" in message
        for allowed in allowed_actions(type, status):
            assert allowed in message


@pytest.mark.parametrize(("type", "status", "action"), CASES)
def test_decide_agrees_with_the_table_for_a_role_that_may_act(
        type: str, status: str, action: str) -> None:
    """With a permitted role and every field given, only the table decides."""
    roles = sorted(ACTION_ROLES.get(action, ()))
    if not roles:
        with pytest.raises(ForbiddenTransition):
            decide(_facts(type, status), action, _acting("admin"), FULL)
        return
    acting = _acting(roles[0])
    if action == ADD_NOTE or (status, action) in TRANSITIONS[type]:
        assert decide(_facts(type, status), action, acting, FULL) == next_status(
            type, status, action)
    else:
        with pytest.raises(ForbiddenTransition):
            decide(_facts(type, status), action, acting, FULL)


@pytest.mark.parametrize(("action", "role"), list(itertools.product(ACTIONS, sorted(ROLES))))
def test_every_role_is_checked_for_every_action(action: str, role: str) -> None:
    type, status = next(((t, frm) for t in TICKET_TYPES for (frm, a) in TRANSITIONS[t]
                         if a == action), ("complaint", RECEIVED))
    facts = _facts(type, status)
    if role in ACTION_ROLES[action]:
        assert decide(facts, action, _acting(role), FULL) == next_status(type, status, action)
    else:
        with pytest.raises(NotAllowed):
            decide(facts, action, _acting(role), FULL)


def test_admin_may_do_every_human_action_but_not_the_systems() -> None:
    for action, roles in ACTION_ROLES.items():
        assert ("admin" in roles) == bool(roles & (HUMAN_ROLES - {"admin"})), action
    assert ACTION_ROLES["incident_resolved"] == {"system"}


@pytest.mark.parametrize(("type", "transition"),
                         [(t, k) for t in TICKET_TYPES for k in TRANSITIONS[t]])
def test_each_required_field_is_demanded(type: str, transition: tuple[str, str]) -> None:
    status, action = transition
    role = sorted(ACTION_ROLES[action])[0]
    for field in required_fields(type, action):
        empty = {"note": "", "resolution": "  ", "department": None, "reply": None,
                 "satisfaction": None, "customer_informed": False, "incident_id": None}[field]
        given = ActionInput(**{**FULL.__dict__, field: empty})
        with pytest.raises(MissingField) as missing:
            decide(_facts(type, status), action, _acting(role), given)
        assert missing.value.field == field


def test_a_complaint_follows_the_specified_loop() -> None:
    path = [("send_to_qa", "agent"), ("assign_department", "qa"),
            ("department_reply", "department"), ("send_back", "qa"),
            ("department_reply", "department"), ("accept_reply", "qa"),
            ("follow_up", "agent"), ("assign_department", "supervisor"),
            ("department_reply", "department"), ("accept_reply", "supervisor"),
            ("close_satisfied", "agent")]
    status = RECEIVED
    for action, role in path:
        status = decide(_facts("complaint", status, resolution="r"), action, _acting(role), FULL)
    assert status == CLOSED


def test_a_complaint_cannot_close_without_a_resolution() -> None:
    no_resolution = ActionInput(customer_informed=True, satisfaction=4)
    with pytest.raises(TicketRuleBroken, match="resolution"):
        decide(_facts("appeal", "informing", resolution=None), "close_satisfied",
               _acting("agent"), no_resolution)
    with pytest.raises(MissingField, match="resolution"):
        decide(_facts("complaint", RECEIVED), "resolve_on_call", _acting("agent"),
               ActionInput(satisfaction=5))


def test_a_complaint_cannot_close_before_the_customer_is_told() -> None:
    not_told = ActionInput(resolution="refunded", satisfaction=5, customer_informed=False)
    with pytest.raises(MissingField, match="customer_informed"):
        decide(_facts("complaint", "informing", resolution="r"), "close_satisfied",
               _acting("agent"), not_told)
    with pytest.raises(MissingField, match="customer_informed"):
        decide(_facts("complaint", "informing", resolution="r"), "follow_up",
               _acting("agent"), ActionInput(note="still unhappy"))


def test_a_department_acts_only_for_its_own_department() -> None:
    other = Acting(role="department", agent_id=9, department="network")
    with pytest.raises(NotAllowed, match="billing"):
        decide(_facts("complaint", "in_department"), "department_reply", other, FULL)
    with pytest.raises(NotAllowed):
        decide(_facts("complaint", "in_department"), "add_note", other, FULL)
    without = Acting(role="department", agent_id=9, department=None)
    with pytest.raises(NotAllowed):
        decide(_facts("complaint", "in_department"), "department_reply", without, FULL)
    own = Acting(role="department", agent_id=9, department=DEPT)
    assert decide(_facts("complaint", "in_department"), "department_reply", own,
                  FULL) == "reply_review"


def test_only_the_owner_agent_tells_the_customer() -> None:
    owned = _facts("complaint", "informing", owner_agent_id=1, resolution="r")
    with pytest.raises(NotAllowed, match="owns"):
        decide(owned, "close_satisfied", Acting("agent", agent_id=2), FULL)
    assert decide(owned, "close_satisfied", Acting("agent", agent_id=1), FULL) == CLOSED
    assert decide(owned, "close_satisfied", Acting("supervisor", agent_id=3), FULL) == CLOSED
    unowned = _facts("complaint", "informing", owner_agent_id=None, resolution="r")
    assert decide(unowned, "close_satisfied", Acting("agent", agent_id=2), FULL) == CLOSED


@pytest.mark.parametrize("score", [0, 6, -1])
def test_satisfaction_is_one_to_five(score: int) -> None:
    with pytest.raises(TicketRuleBroken, match="1 to 5"):
        decide(_facts("complaint", RECEIVED), "resolve_on_call", _acting("agent"),
               ActionInput(resolution="r", satisfaction=score))


def test_refunds_only_on_accepting_a_reply_and_only_once() -> None:
    qa = _acting("qa")
    with pytest.raises(TicketRuleBroken, match="negative"):
        decide(_facts("complaint", "reply_review"), "accept_reply", qa,
               ActionInput(resolution="r", refund_fen=-1))
    with pytest.raises(TicketRuleBroken, match="accepted"):
        decide(_facts("complaint", "in_department"), "department_reply", _acting("department"),
               ActionInput(reply="r", refund_fen=100))
    with pytest.raises(TicketRuleBroken, match="already"):
        decide(_facts("complaint", "reply_review", refund_already_credited=True),
               "accept_reply", qa, ActionInput(resolution="r", refund_fen=100))
    assert decide(_facts("complaint", "reply_review"), "accept_reply", qa,
                  ActionInput(resolution="r", refund_fen=100)) == "informing"


def test_statuses_start_received_and_cover_the_table() -> None:
    assert statuses("complaint") == ("received", "closed", "qa_review", "in_department",
                                     "reply_review", "informing")
    assert statuses("fault") == ("received", "linked", "dispatched", "repaired", "closed")
    assert set(statuses("service_order")) == {"received", "accepted", "in_fulfilment",
                                              "completed", "closed", "cancelled"}
    assert allowed_actions("fault", "closed") == ("add_note",)
