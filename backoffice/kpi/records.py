"""Read what was recorded in a time window into the plain records of `model`.

Only plain column reads here (no ORM objects): a report over weeks reads tens of thousands
of rows. The indicators themselves are in `definitions`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from backoffice.db.models import (
    Agent,
    AgentStateChange,
    Call,
    CallSummary,
    QueueEntry,
    Skill,
    SurveyAnswer,
    Ticket,
    TicketEvent,
)
from backoffice.domain.ticket_workflow import CLOCK_STOPPED
from backoffice.kpi.model import (
    CallRecord,
    KpiData,
    KpiSettings,
    QueueRecord,
    StateChange,
    SummaryRecord,
    SurveyRecord,
    TicketRecord,
)

# State changes read past the window's end, so a wrap-up begun just before the end is
# measured to its real end (the dispatcher ends a wrap-up within minutes).
WRAP_UP_MARGIN = timedelta(hours=1)


def load(db: Session, start: datetime, end: datetime, now: datetime,
         settings: KpiSettings) -> KpiData:
    """Everything the indicators need for [start, end), read as of `now`."""
    entries = load_entries(db, start, end)
    repeat_calls = load_calls(db, start, end + settings.longest_fcr_window)
    return KpiData(
        start=start, end=end, now=now, entries=entries,
        calls=[c for c in repeat_calls if c.started_at < end],
        repeat_calls=repeat_calls,
        state_changes=load_state_changes(db, start, end + WRAP_UP_MARGIN),
        summaries=load_summaries(db, start, end),
        surveys=load_surveys(db, start, end, entries),
        tickets=load_tickets(db, start, end),
        agent_names={id_: (name, username) for id_, name, username in db.execute(
            select(Agent.id, Agent.display_name, Agent.username))},
        skill_names={code: (zh, en) for code, zh, en in db.execute(
            select(Skill.code, Skill.name_zh, Skill.name_en).order_by(Skill.id))},
    )


def load_entries(db: Session, start: datetime, end: datetime) -> list[QueueRecord]:
    """Queue entries that joined the queue in [start, end)."""
    q = QueueEntry
    rows = db.execute(select(
        q.id, q.call_uuid, q.caller_number, q.skill, q.status, q.enqueued_at, q.answered_at,
        q.ended_at, q.agent_id, q.callback_number, q.callback_requested_at,
        q.transferred_from_agent_id, q.announced_wait_s, q.last_announced_at,
    ).where(q.enqueued_at >= start, q.enqueued_at < end).order_by(q.enqueued_at, q.id))
    return [QueueRecord(
        id=r.id, call_uuid=r.call_uuid, caller_number=r.caller_number or "", skill=r.skill,
        status=r.status, enqueued_at=r.enqueued_at, answered_at=r.answered_at,
        ended_at=r.ended_at, agent_id=r.agent_id, callback_number=r.callback_number,
        callback_requested_at=r.callback_requested_at,
        transferred=r.transferred_from_agent_id is not None,
        announced_wait_s=float(r.announced_wait_s) if r.announced_wait_s is not None else None,
        last_announced_at=r.last_announced_at) for r in rows]


def load_calls(db: Session, start: datetime, end: datetime) -> list[CallRecord]:
    """Calls that started in [start, end), each marked with whether it reached the queue."""
    queued = exists().where(QueueEntry.call_uuid == Call.call_uuid)
    rows = db.execute(select(Call.call_uuid, Call.caller_number, Call.started_at,
                             Call.contained, Call.outcome, Call.direction, queued)
                      .where(Call.started_at >= start, Call.started_at < end)
                      .order_by(Call.started_at, Call.id))
    return [CallRecord(call_uuid=uuid, caller_number=number or "", started_at=started,
                       contained=bool(contained), outcome=outcome, direction=direction,
                       reached_queue=bool(reached))
            for uuid, number, started, contained, outcome, direction, reached in rows]


def load_state_changes(db: Session, start: datetime, end: datetime) -> list[StateChange]:
    """Agent state changes in [start, end), preceded by each agent's last change before
    `start` (the state the agent was in when the window opened)."""
    c = AgentStateChange
    last_before = (select(c.agent_id, func.max(c.at).label("at")).where(c.at < start)
                   .group_by(c.agent_id).subquery())
    opening = db.execute(select(c.agent_id, c.state, c.at).join(
        last_before, (c.agent_id == last_before.c.agent_id) & (c.at == last_before.c.at))
        .order_by(c.at, c.id))
    inside = db.execute(select(c.agent_id, c.state, c.at)
                        .where(c.at >= start, c.at < end).order_by(c.at, c.id))
    return [StateChange(agent_id, state, at) for rows in (opening, inside)
            for agent_id, state, at in rows]


def load_summaries(db: Session, start: datetime, end: datetime) -> list[SummaryRecord]:
    """Call summaries of the queue entries that joined in [start, end)."""
    rows = db.execute(select(CallSummary.queue_entry_id, CallSummary.agent_id,
                             CallSummary.disposition)
                      .join(QueueEntry, QueueEntry.id == CallSummary.queue_entry_id)
                      .where(QueueEntry.enqueued_at >= start, QueueEntry.enqueued_at < end))
    return [SummaryRecord(entry_id, agent_id, disposition) for entry_id, agent_id, disposition
            in rows]


def load_surveys(db: Session, start: datetime, end: datetime,
                 entries: list[QueueRecord]) -> list[SurveyRecord]:
    """Survey answers given in [start, end), each credited to the last agent who spoke with
    the caller in that call (looked up in `entries`), unless the answer names one."""
    last_agent: dict[str, tuple[int, str]] = {}
    for e in sorted((e for e in entries if e.agent_id is not None and e.answered_at),
                    key=lambda e: e.answered_at or e.enqueued_at):
        last_agent[e.call_uuid] = (e.agent_id, e.skill)  # type: ignore[assignment]
    rows = db.execute(select(Call.call_uuid, SurveyAnswer.score, SurveyAnswer.at,
                             SurveyAnswer.agent_id)
                      .join(Call, Call.id == SurveyAnswer.call_id)
                      .where(SurveyAnswer.at >= start, SurveyAnswer.at < end)
                      .order_by(SurveyAnswer.at, SurveyAnswer.id))
    records = []
    for uuid, score, at, agent_id in rows:
        found_agent, skill = last_agent.get(uuid, (None, None))
        records.append(SurveyRecord(call_uuid=uuid, score=score, at=at,
                                    agent_id=agent_id or found_agent, skill=skill))
    return records


def load_tickets(db: Session, start: datetime, end: datetime) -> list[TicketRecord]:
    """Tickets opened in [start, end) (a ticket counts in the period it was opened in), with
    the moment each first entered a status that stops its resolution clock."""
    t = Ticket
    stopped = (select(TicketEvent.ticket_id, func.min(TicketEvent.at).label("at"))
               .where(TicketEvent.to_status.in_(sorted(CLOCK_STOPPED)))
               .group_by(TicketEvent.ticket_id).subquery())
    rows = db.execute(select(t.id, t.type, t.status, t.created_at, t.closed_at, t.sla_deadline,
                             t.satisfaction, stopped.c.at.label("resolved_at"))
                      .outerjoin(stopped, stopped.c.ticket_id == t.id)
                      .where(t.created_at >= start, t.created_at < end).order_by(t.id))
    return [TicketRecord(id=r.id, type=r.type, status=r.status, created_at=r.created_at,
                         closed_at=r.closed_at, sla_deadline=r.sla_deadline,
                         resolved_at=_utc(r.resolved_at) or r.closed_at,
                         satisfaction=r.satisfaction) for r in rows]


def _utc(moment: datetime | None) -> datetime | None:
    """An aggregate (min) comes back without the column's type: naive on SQLite."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
