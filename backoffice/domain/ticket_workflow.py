"""The ticket state machines (工单流程), one per ticket type, and who may move them.

Pure rules, no I/O: the services load a ticket, ask ``decide`` whether an action may be
taken and where it leads, then store the outcome. Everything a table below does not allow
is refused with an error that says what *is* allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

RECEIVED = "received"
CLOSED = "closed"
CANCELLED = "cancelled"
FINAL_STATUSES = frozenset({CLOSED, CANCELLED})
# The resolution clock (sla_deadline) stops in these: the work is done, or an incident owns
# the time (linked faults), and only telling the customer is left.
CLOCK_STOPPED = frozenset({CLOSED, CANCELLED, "informing", "completed", "repaired", "linked"})

ADD_NOTE = "add_note"

# Desk roles, and the non-human actors.
AGENT, QA, SUPERVISOR, DEPARTMENT, ADMIN = "agent", "qa", "supervisor", "department", "admin"
API, SYSTEM, IVR = "api", "system", "ivr"
HUMAN_ROLES = frozenset({AGENT, QA, SUPERVISOR, DEPARTMENT, ADMIN})
ROLES = HUMAN_ROLES | {API, SYSTEM, IVR}

Table = Mapping[tuple[str, str], str]

COMPLAINT_FLOW: Table = {
    (RECEIVED, "resolve_on_call"): CLOSED,
    (RECEIVED, "send_to_qa"): "qa_review",
    ("qa_review", "assign_department"): "in_department",
    ("in_department", "department_reply"): "reply_review",
    ("reply_review", "send_back"): "in_department",
    ("reply_review", "accept_reply"): "informing",
    ("informing", "close_satisfied"): CLOSED,
    ("informing", "follow_up"): "qa_review",
}
SERVICE_ORDER_FLOW: Table = {
    (RECEIVED, "accept"): "accepted",
    ("accepted", "start_fulfilment"): "in_fulfilment",
    ("in_fulfilment", "complete"): "completed",
    ("completed", "close"): CLOSED,
    (RECEIVED, "cancel"): CANCELLED,
    ("accepted", "cancel"): CANCELLED,
    ("in_fulfilment", "cancel"): CANCELLED,
}
FAULT_FLOW: Table = {
    (RECEIVED, "link_incident"): "linked",
    (RECEIVED, "dispatch"): "dispatched",
    ("dispatched", "repair"): "repaired",
    ("repaired", "close"): CLOSED,
    ("linked", "incident_resolved"): CLOSED,
}
SUGGESTION_FLOW: Table = {
    (RECEIVED, "acknowledge"): "acknowledged",
    ("acknowledged", "close"): CLOSED,
}
CONSULTATION_FLOW: Table = {
    (RECEIVED, "start"): "in_progress",
    ("in_progress", "close"): CLOSED,
}
TRANSITIONS: Mapping[str, Table] = {
    "service_order": SERVICE_ORDER_FLOW,
    "complaint": COMPLAINT_FLOW,
    "fault": FAULT_FLOW,
    "suggestion": SUGGESTION_FLOW,
    "appeal": COMPLAINT_FLOW,
    "consultation": CONSULTATION_FLOW,
}
TICKET_TYPES = tuple(TRANSITIONS)
SERVICE_ORDER_SUBTYPES = ("new_install", "move", "change", "resume", "stop")

_STAFF = {AGENT, QA, SUPERVISOR, DEPARTMENT}
_ROLES_NAMED: dict[str, set[str]] = {
    "resolve_on_call": {AGENT},
    "send_to_qa": {AGENT, SUPERVISOR, API},
    "assign_department": {QA, SUPERVISOR},
    "department_reply": {DEPARTMENT, QA, SUPERVISOR},
    "send_back": {QA, SUPERVISOR},
    "accept_reply": {QA, SUPERVISOR},
    "close_satisfied": {AGENT, SUPERVISOR},
    "follow_up": {AGENT, SUPERVISOR},
    "accept": {AGENT, SUPERVISOR, DEPARTMENT, API, SYSTEM},
    "start_fulfilment": {DEPARTMENT, SUPERVISOR, API, SYSTEM},
    "complete": {DEPARTMENT, SUPERVISOR, API, SYSTEM},
    "close": {AGENT, SUPERVISOR, SYSTEM},
    "cancel": {AGENT, SUPERVISOR, DEPARTMENT, API},
    "link_incident": {SYSTEM, SUPERVISOR},
    "dispatch": {AGENT, SUPERVISOR, DEPARTMENT, API, SYSTEM},
    "repair": {DEPARTMENT, SUPERVISOR, API},
    "incident_resolved": {SYSTEM},
    "acknowledge": {AGENT, QA, SUPERVISOR, DEPARTMENT, API},
    "start": {AGENT, SUPERVISOR, DEPARTMENT, API},
    ADD_NOTE: _STAFF | {API},
}
# The admin may do every action a person may do.
ACTION_ROLES: Mapping[str, frozenset[str]] = {
    action: frozenset(roles | ({ADMIN} if roles & _STAFF else set()))
    for action, roles in _ROLES_NAMED.items()
}
ACTIONS = tuple(ACTION_ROLES)

REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "resolve_on_call": ("resolution", "satisfaction"),
    "send_to_qa": (),
    "assign_department": ("department",),
    "department_reply": ("reply",),
    "send_back": ("note",),
    "accept_reply": ("resolution",),
    "close_satisfied": ("customer_informed", "satisfaction"),
    "follow_up": ("customer_informed", "note"),
    "accept": (),
    "start_fulfilment": (),
    "complete": ("resolution",),
    "close": ("customer_informed",),
    "cancel": ("note",),
    "link_incident": ("incident_id",),
    "dispatch": (),
    "repair": ("resolution",),
    "incident_resolved": ("resolution",),
    "acknowledge": (),
    "start": (),
    ADD_NOTE: ("note",),
}
# Where one action name needs other fields in another type's flow.
TYPE_REQUIRED_FIELDS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("suggestion", "close"): ("resolution",),
    ("consultation", "close"): ("resolution", "customer_informed"),
}
# First-contact responsibility (首问负责制): telling the customer is the owner's job, so an
# agent may do these only on a ticket nobody owns or that they own.
OWNER_ACTIONS = frozenset({"resolve_on_call", "close_satisfied", "follow_up", "close"})
SATISFACTION_RANGE = range(1, 6)


class TicketWorkflowError(Exception):
    """A refused action; the message is written for the person who tried it."""


class ForbiddenTransition(TicketWorkflowError):
    def __init__(self, type: str, status: str, action: str) -> None:
        self.type, self.status, self.action = type, status, action
        self.allowed = allowed_actions(type, status)
        super().__init__(
            f"a {type} ticket in status '{status}' cannot take the action '{action}'; "
            f"allowed there: {', '.join(self.allowed) or 'nothing'}")


class MissingField(TicketWorkflowError):
    def __init__(self, action: str, field: str) -> None:
        self.action, self.field = action, field
        super().__init__(f"the action '{action}' needs the field '{field}'")


class NotAllowed(TicketWorkflowError):
    def __init__(self, action: str, role: str, reason: str) -> None:
        self.action, self.role, self.reason = action, role, reason
        super().__init__(f"the role '{role}' may not take the action '{action}': {reason}")


class TicketRuleBroken(TicketWorkflowError):
    """The action fits the flow but its content breaks a rule (satisfaction out of range...)."""


@dataclass(frozen=True)
class ActionInput:
    """What the person acting supplies with the action."""

    note: str = ""
    resolution: str | None = None
    department: str | None = None
    reply: str | None = None
    refund_fen: int = 0
    satisfaction: int | None = None
    customer_informed: bool = False
    incident_id: int | None = None

    def has(self, field: str) -> bool:
        value = getattr(self, field)
        if isinstance(value, str):
            return bool(value.strip())
        if isinstance(value, bool):
            return value
        return value is not None


@dataclass(frozen=True)
class TicketFacts:
    """What the rules need to know about the ticket as it stands."""

    type: str
    status: str
    department: str | None = None
    owner_agent_id: int | None = None
    resolution: str | None = None
    refund_already_credited: bool = False


@dataclass(frozen=True)
class Acting:
    role: str
    agent_id: int | None = None
    department: str | None = None


def statuses(type: str) -> tuple[str, ...]:
    """Every status a ticket of this type can be in, the initial one first."""
    table = TRANSITIONS[type]
    seen = [RECEIVED]
    for (frm, _action), to in table.items():
        for status in (frm, to):
            if status not in seen:
                seen.append(status)
    return tuple(seen)


def allowed_actions(type: str, status: str) -> tuple[str, ...]:
    """The actions a ticket of this type accepts in this status (notes always)."""
    table = TRANSITIONS.get(type, {})
    return tuple(action for (frm, action) in table if frm == status) + (ADD_NOTE,)


def next_status(type: str, status: str, action: str) -> str:
    if action == ADD_NOTE and type in TRANSITIONS:
        return status
    to = TRANSITIONS.get(type, {}).get((status, action))
    if to is None:
        raise ForbiddenTransition(type, status, action)
    return to


def required_fields(type: str, action: str) -> tuple[str, ...]:
    return TYPE_REQUIRED_FIELDS.get((type, action), REQUIRED_FIELDS.get(action, ()))


def check_actor(ticket: TicketFacts, action: str, actor: Acting) -> None:
    """Role, department and owner rules; raises NotAllowed."""
    if actor.role not in ACTION_ROLES.get(action, frozenset()):
        raise NotAllowed(action, actor.role, "not a task of this role")
    if actor.role == DEPARTMENT and (actor.department is None
                                     or actor.department != ticket.department):
        raise NotAllowed(action, actor.role,
                         f"the ticket is with department '{ticket.department}', "
                         f"not '{actor.department}'")
    if (actor.role == AGENT and action in OWNER_ACTIONS and ticket.owner_agent_id is not None
            and ticket.owner_agent_id != actor.agent_id):
        raise NotAllowed(action, actor.role, "only the agent who owns the ticket tells the "
                                             "customer the outcome")


def check_input(ticket: TicketFacts, action: str, to_status: str, given: ActionInput) -> None:
    """Required fields (MissingField), then the content rules (TicketRuleBroken)."""
    for field in required_fields(ticket.type, action):
        if not given.has(field):
            raise MissingField(action, field)
    if given.satisfaction is not None and given.satisfaction not in SATISFACTION_RANGE:
        raise TicketRuleBroken("satisfaction is a score from 1 to 5")
    if given.refund_fen < 0:
        raise TicketRuleBroken("a refund cannot be negative")
    if given.refund_fen and action != "accept_reply":
        raise TicketRuleBroken("a refund is credited only when the department's reply is "
                               "accepted")
    if given.refund_fen and ticket.refund_already_credited:
        raise TicketRuleBroken("this ticket's refund was already credited")
    if ticket.type in ("complaint", "appeal") and to_status == CLOSED:
        if not (given.has("resolution") or (ticket.resolution or "").strip()):
            raise TicketRuleBroken(f"a {ticket.type} cannot close without a resolution")
        if action != "resolve_on_call" and not given.customer_informed:
            raise TicketRuleBroken(f"a {ticket.type} cannot close before the customer is "
                                   "told the outcome")


def decide(ticket: TicketFacts, action: str, actor: Acting, given: ActionInput) -> str:
    """The status the action leads to, or the first rule it breaks (in this order:
    ForbiddenTransition, NotAllowed, MissingField, TicketRuleBroken)."""
    to_status = next_status(ticket.type, ticket.status, action)
    check_actor(ticket, action, actor)
    check_input(ticket, action, to_status, given)
    return to_status
