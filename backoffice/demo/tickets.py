"""Demo tickets: a few in every status of every type, walked there through the workflow's
own table (so every history is a real path), some overdue and escalated, a couple of fault
reports linked to the demo incident in Pudong, and the callback and escalation tasks
that follow. Deterministic per seed and day; written with Core inserts like the rest.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from backoffice.db.models import (
    Agent,
    Customer,
    Incident,
    Line,
    SlaRule,
    Ticket,
    TicketEvent,
    TicketTask,
)
from backoffice.domain.business_calendar import BusinessCalendar
from backoffice.domain.sla_clock import SlaRuleSpec, deadlines, is_overdue
from backoffice.domain.ticket_numbers import make_ticket_number
from backoffice.domain.ticket_workflow import (
    ACTION_ROLES,
    CLOCK_STOPPED,
    FINAL_STATUSES,
    RECEIVED,
    TICKET_TYPES,
    TRANSITIONS,
    statuses,
)

SUMMARIES = {
    "complaint": ["话费扣费有误", "宽带速度达不到签约速率", "营业厅服务态度差", "套餐变更未生效"],
    "appeal": ["对投诉处理结果不满意", "申诉违约金", "申诉停机"],
    "service_order": ["新装宽带", "移机到新址", "变更套餐", "缴费后复机", "申请停机保号"],
    "fault": ["宽带无法上网", "电话无拨号音", "电视无信号"],
    "suggestion": ["建议延长营业时间", "建议短信提醒账单"],
    "consultation": ["咨询国际漫游资费", "咨询宽带提速方案"],
}
SUBTYPES = {"service_order": ["new_install", "move", "change", "resume", "stop"],
            "fault": ["broadband", "no_dial_tone", "tv"]}
DEPARTMENTS = {"complaint": "billing", "appeal": "billing", "fault": "network",
               "service_order": "network"}
# Who does what in the demo histories (desk usernames of backoffice.demo.reference).
ROLE_USERS = {"agent": "agent04", "qa": "qa01", "supervisor": "super01", "admin": "admin"}
DEPARTMENT_USERS = {"billing": "dept_bill", "network": "dept_net"}
AGENT_OWNERS = ("agent01", "agent02", "agent04", "agent09")
PUDONG_INCIDENT_AREA = "pudong"
MAX_PARTIES = 200  # the demo tickets belong to the first customers
CALLBACK_AFTER = {"accept_reply", "complete", "repair", "incident_resolved"}


@dataclass(frozen=True)
class Party:
    customer_id: int
    line_id: int
    area: str


@dataclass
class Numbers:
    """Readable numbers, counted per day like the live intake does."""

    per_day: dict[date, int] = field(default_factory=dict)

    def next(self, day: date) -> str:
        self.per_day[day] = self.per_day.get(day, 0) + 1
        return make_ticket_number(self.per_day[day], day)


def path_to(type: str, target: str) -> list[str]:
    """The shortest list of actions from 'received' to `target` in the type's table."""
    table = TRANSITIONS[type]
    paths: dict[str, list[str]] = {RECEIVED: []}
    queue = deque([RECEIVED])
    while queue:
        status = queue.popleft()
        for (frm, action), to in table.items():
            if frm == status and to not in paths:
                paths[to] = [*paths[status], action]
                queue.append(to)
    return paths[target]


def load_demo_tickets(conn: Connection, seed: int, today: date) -> None:
    DemoTickets(conn, seed, today).load()


class DemoTickets:
    def __init__(self, conn: Connection, seed: int, today: date) -> None:
        self.conn = conn
        self.rng = random.Random(f"{seed}:tickets")
        self.now = datetime.combine(today, time(1), tzinfo=UTC)  # 09:00 in Shanghai
        self.numbers = Numbers()
        self.agents = {u: i for u, i in conn.execute(select(Agent.username, Agent.id))}
        self.rules = [SlaRuleSpec(r.ticket_type, r.subtype, r.area_kind, r.stage,
                                  r.duration_minutes, r.calendar)
                      for r in conn.execute(select(SlaRule))]
        self.calendar = BusinessCalendar()
        self.parties = self._parties()
        self.incident = conn.execute(select(Incident.id).where(
            Incident.area == PUDONG_INCIDENT_AREA).order_by(Incident.id).limit(1)).scalar()
        self.tasks: list[dict[str, Any]] = []

    def _parties(self) -> list[Party]:
        rows = self.conn.execute(
            select(Customer.id, Line.id, Customer.area).join_from(Line, Line.account)
            .join(Customer).where(Customer.id <= MAX_PARTIES)
            .order_by(Customer.id, Line.id)).all()
        first_lines: dict[int, Party] = {}
        for customer_id, line_id, area in rows:
            first_lines.setdefault(customer_id, Party(customer_id, line_id, area))
        return list(first_lines.values())

    def load(self) -> None:
        showcase = self.parties[0]  # 13800000001, in Pudong under the demo incident
        self.ticket("fault", "linked", showcase, age=timedelta(hours=5))
        self.ticket("complaint", "in_department", showcase, age=timedelta(hours=23))
        pudong = [p for p in self.parties[1:] if p.area == PUDONG_INCIDENT_AREA]
        if pudong:
            self.ticket("fault", "linked", pudong[0], age=timedelta(hours=3))
        for type, status, age in self._plan():
            self.ticket(type, status, self.rng.choice(self.parties[1:] or self.parties), age=age)
        if self.tasks:
            self.conn.execute(insert(TicketTask), self.tasks)

    def _plan(self) -> Iterator[tuple[str, str, timedelta]]:
        """Every status of every type once, recently; open ones once more, long ago
        (overdue by now)."""
        for type in TICKET_TYPES:
            for status in statuses(type):
                if status == "linked" and self.incident is None:
                    continue
                yield type, status, timedelta(minutes=self.rng.randint(60, 10 * 60))
                if status not in CLOCK_STOPPED:
                    yield type, status, timedelta(days=self.rng.randint(3, 12),
                                                  hours=self.rng.randint(0, 20))

    def ticket(self, type: str, status: str, party: Party, age: timedelta) -> None:
        created = self.now - age
        subtype = self.rng.choice(SUBTYPES[type]) if type in SUBTYPES else None
        area_kind = "rural" if party.area in ("chongming", "jinshan") else "urban"
        due = deadlines(self.rules, type, subtype, area_kind, created, self.calendar)
        owner = self.agents.get(self.rng.choice(AGENT_OWNERS)) if self.rng.random() < 0.7 \
            else None
        department = DEPARTMENTS.get(type)
        row: dict[str, Any] = {
            "number": self.numbers.next(created.date()), "type": type, "subtype": subtype,
            "status": status, "priority": 0, "channel": "agent" if owner else "ivr",
            "customer_id": party.customer_id, "line_id": party.line_id,
            "incident_id": self.incident if status == "linked" else None,
            "summary": self.rng.choice(SUMMARIES[type]), "details": "", "demand": None,
            "contact_number": None, "department": department, "owner_agent_id": owner,
            "area_kind": area_kind, "accept_deadline": due.accept, "sla_deadline": due.resolve,
            "escalated_at": None, "resolution": None, "reply": None, "refund_fen": 0,
            "refund_payment_id": None, "satisfaction": None, "customer_informed_at": None,
            "created_at": created, "updated_at": created, "closed_at": None,
        }
        events = [{"at": created, "actor": self._actor_name("agent", department) if owner
                   else "ivr", "action": "created", "from_status": None,
                   "to_status": RECEIVED, "note": row["summary"]}]
        callbacks: list[tuple[datetime, str]] = []
        at, current = created, RECEIVED
        actions = path_to(type, status)
        step = age / (len(actions) + 1) if actions else age
        for action in actions:
            at += step
            to = TRANSITIONS[type][(current, action)]
            note = self._apply(row, type, action, at)
            events.append({"at": at, "actor": self._actor(action, department), "action": action,
                           "from_status": current, "to_status": to, "note": note})
            if action in CALLBACK_AFTER:
                callbacks.append((at, action))
            if to in FINAL_STATUSES:
                row["closed_at"] = at
            current = to
        row["updated_at"] = at
        escalate = is_overdue(status, due.accept, due.resolve, self.now) and self.rng.random() < 0.5
        if escalate:
            row["escalated_at"] = self.now - timedelta(minutes=30)
            events.append({"at": row["escalated_at"], "actor": "system:sla-sweep",
                           "action": "escalated", "from_status": status, "to_status": status,
                           "note": "overdue"})
        ticket_id = self.conn.execute(insert(Ticket).returning(Ticket.id), row).scalar_one()
        self.conn.execute(insert(TicketEvent), [{**e, "ticket_id": ticket_id} for e in events])
        for at, action in callbacks:
            self.tasks.append(self._task(ticket_id, "callback", owner, "agent", at,
                                         f"tell the customer the outcome of {action}",
                                         done=status in FINAL_STATUSES))
        if escalate:
            self.tasks.append(self._task(ticket_id, "escalation", None, "supervisor",
                                         row["escalated_at"], "overdue", done=False))

    def _apply(self, row: dict[str, Any], type: str, action: str, at: datetime) -> str:
        """What the action leaves on the ticket; the history note."""
        if action in ("resolve_on_call", "accept_reply", "complete", "repair", "close",
                      "incident_resolved") and row["resolution"] is None:
            row["resolution"] = {"complete": "已按要求办理完毕", "repair": "已修复并测试正常",
                                 "incident_resolved": "故障已排除，网络已恢复"}.get(
                action, "核实后退还多收费用并致歉")
        if action == "department_reply":
            row["reply"] = "经核查，确属系统重复扣费，建议退费"
            return f"reply: {row['reply']}"
        if action in ("resolve_on_call", "close_satisfied"):
            row["satisfaction"] = self.rng.randint(3, 5)
        if action in ("resolve_on_call", "close_satisfied", "close", "follow_up"):
            row["customer_informed_at"] = at
        if action == "assign_department":
            return f"department: {row['department']}"
        if action == "link_incident":
            return f"incident: {row['incident_id']}"
        return f"resolution: {row['resolution']}" if row["resolution"] and action in (
            "resolve_on_call", "accept_reply", "complete", "repair") else ""

    def _actor(self, action: str, department: str | None) -> str:
        roles = ACTION_ROLES[action]
        for role in ("agent", "qa", "department", "supervisor", "system"):
            if role in roles:
                return self._actor_name(role, department)
        return "system"

    def _actor_name(self, role: str, department: str | None) -> str:
        if role == "system":
            return "system"
        if role == "department":
            return f"agent:{DEPARTMENT_USERS.get(department or '', 'dept_net')}"
        return f"agent:{ROLE_USERS[role]}"

    def _task(self, ticket_id: int, kind: str, assignee: int | None, role: str, at: datetime,
              note: str, done: bool) -> dict[str, Any]:
        return {"ticket_id": ticket_id, "kind": kind, "assignee_agent_id": assignee,
                "role": role, "due_at": at + timedelta(hours=24 if kind == "callback" else 1),
                "created_at": at, "done_at": at + timedelta(hours=1) if done else None,
                "done_by": "agent:agent04" if done else None, "note": note}
