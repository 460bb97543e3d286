"""Records read from a real database (SQLite and PostgreSQL) give the hand-computed report:
the loader reads the window, the state an agent was in when it opened, summaries, surveys
credited to the last agent, the moment a ticket's clock stopped, and repeat calls after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
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
from backoffice.domain.ticket_numbers import make_ticket_number
from backoffice.kpi.model import KpiSettings
from backoffice.kpi.query import ReportQuery
from backoffice.kpi.records import load
from backoffice.kpi.reports import build_report

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)
NOW = datetime(2026, 12, 31, tzinfo=UTC)
N1, N2, N3 = "13900000001", "13900000002", "13900000003"


def local(hour: int, minute: int = 0, second: int = 0, days: int = 0) -> datetime:
    return datetime.combine(DAY + timedelta(days=days), datetime.min.time(),
                            tzinfo=TZ).replace(hour=hour, minute=minute,
                                               second=second).astimezone(UTC)


def entry(id_: int, uuid: str, number: str, enqueued: datetime, status: str, **more: object
          ) -> QueueEntry:
    return QueueEntry(id=id_, call_uuid=uuid, caller_number=number, skill="billing",
                      status=status, enqueued_at=enqueued, context={}, missed_agent_ids=[],
                      **more)


@pytest.fixture
def recorded(engine: Engine) -> Engine:
    with Session(engine) as db, db.begin():
        db.add(Skill(id=1, code="billing", name_zh="话费账单", name_en="Billing"))
        db.add_all([Agent(id=1, username="agent05", display_name="陈静", password_hash="x",
                          role="agent", state_since=NOW),
                    Agent(id=2, username="agent06", display_name="杨磊", password_hash="x",
                          role="agent", state_since=NOW)])
        db.flush()
        db.add_all([
            # u1: answered after 12 s by agent05, 3 min talk, then transferred to agent06
            entry(1, "u1", N1, local(9), "completed", answered_at=local(9, 0, 12), agent_id=1,
                  ended_at=local(9, 3, 12)),
            entry(4, "u1", N1, local(9, 3, 12), "completed", transferred_from_agent_id=1,
                  answered_at=local(9, 3, 20), agent_id=2, ended_at=local(9, 5, 20)),
            # u2: hung up after 40 s
            entry(2, "u2", N2, local(9, 30), "abandoned", ended_at=local(9, 30, 40)),
            # u3: heard "45 s" at 10:00:05, answered 15 s later by agent06, 100 s talk
            entry(3, "u3", N3, local(10), "completed", answered_at=local(10, 0, 20), agent_id=2,
                  ended_at=local(10, 2), announced_wait_s=45, last_announced_at=local(10, 0, 5)),
            # the day before: outside the window
            entry(5, "u0", N3, local(9, days=-1), "abandoned", ended_at=local(9, 1, days=-1)),
        ])
        db.add_all([AgentStateChange(agent_id=1, state=state, at=at) for state, at in (
            ("available", local(8, days=-1)),  # before the window, superseded
            ("available", local(23, days=-1)),  # the state when the window opens
            ("break", local(7)), ("available", local(8)), ("offered", local(9, 0, 10)),
            ("on_call", local(9, 0, 12)), ("wrap_up", local(9, 3, 12)),
            ("available", local(9, 3, 42)), ("logged_out", local(12)))])
        db.add_all([Call(id=i, call_uuid=uuid, caller_number=number, started_at=started,
                         contained=contained, ivr_path=[])
                    for i, (uuid, number, started, contained) in enumerate((
                        ("u1", N1, local(8, 59), False), ("u2", N2, local(9, 29), False),
                        ("u3", N3, local(9, 59), False), ("u9", "13900000009", local(11), True),
                        ("u1b", N1, local(10, days=1), True)), 1)])  # N1 again 24 h 48 min on
        db.flush()
        db.add_all([CallSummary(queue_entry_id=1, agent_id=1, disposition="resolved", notes=""),
                    CallSummary(queue_entry_id=3, agent_id=2, disposition=None, notes="…")])
        db.add_all([SurveyAnswer(call_id=1, score=4, at=local(9, 10)),
                    SurveyAnswer(call_id=3, score=2, at=local(10, 5))])
        complaint = Ticket(number=make_ticket_number(1, DAY), type="complaint", status="closed",
                           channel="agent", summary="s", created_at=local(10),
                           closed_at=local(20), sla_deadline=local(10, days=1))
        fault = Ticket(number=make_ticket_number(2, DAY), type="fault", status="in_progress",
                       channel="ivr", summary="s", created_at=local(11), sla_deadline=local(13))
        db.add_all([complaint, fault])
        db.flush()
        db.add_all([
            TicketEvent(ticket_id=complaint.id, at=local(10), actor="a", action="created",
                        to_status="received"),
            TicketEvent(ticket_id=complaint.id, at=local(18), actor="a", action="reply_checked",
                        from_status="checking_reply", to_status="informing"),
            TicketEvent(ticket_id=complaint.id, at=local(20), actor="a", action="close",
                        from_status="informing", to_status="closed")])
    return engine


def report_of(engine: Engine, group_by: str):  # type: ignore[no-untyped-def]
    start, end = ReportQuery(DAY, DAY, group_by).checked().window(TZ)
    with Session(engine) as db:
        data = load(db, start, end, NOW, KpiSettings())
    return data, build_report(data, group_by, KpiSettings(), TZ)


def test_the_loader_reads_the_window_and_what_it_needs_around_it(recorded: Engine) -> None:
    data, _report = report_of(recorded, "day")
    assert sorted(e.id for e in data.entries) == [1, 2, 3, 4]
    assert [e.transferred for e in sorted(data.entries, key=lambda e: e.id)] == [
        False, False, False, True]
    assert {c.call_uuid for c in data.calls} == {"u1", "u2", "u3", "u9"}
    assert "u1b" in {c.call_uuid for c in data.repeat_calls}
    assert all(c.reached_queue for c in data.calls if c.call_uuid != "u9")
    assert data.state_changes[0].at == local(23, days=-1)  # the last change before the window
    assert [(s.call_uuid, s.agent_id) for s in data.surveys] == [("u1", 2), ("u3", 2)]
    assert {t.type: t.resolved_at for t in data.tickets} == {"complaint": local(18),
                                                             "fault": None}


def test_a_day_report_from_the_database_matches_the_hand_computed_values(
        recorded: Engine) -> None:
    _data, report = report_of(recorded, "day")
    (day,) = report.rows
    # offered u1 u2 u3 (the transfer once); within 15 s: u1 (12 s) → 1 / (2 answered + 1)
    assert (day.offered, day.answered, day.abandoned) == (3, 2, 1)
    assert day.service_level == pytest.approx(1 / 3)
    assert day.asa_s == 16  # (12 + 20) / 2
    # handled: u1 by agent05 180 + 30 wrap-up, the transfer 120, u3 100 → 430 / 3
    assert day.handled == 3 and day.aht_s == pytest.approx(430 / 3)
    assert day.summary_completion == pytest.approx(1 / 3)
    # agent05 worked 00:00-07:00 and 08:00-12:00 (11 h), busy 210 s of it
    assert day.occupancy == pytest.approx(210 / 39600)
    assert day.ivr_containment == 0.25 and day.ivr_exits == 0  # u9 of four calls
    # N1 called again after 24 h 48 min: resolved within 24 h, not within 7 days
    assert day.fcr_24h == 1.0 and day.fcr_7d == 0.5
    assert day.wait_estimate_mae_s == 30 and day.wait_estimates_within_30s == 1.0
    assert day.satisfaction == 0.5  # key 2 satisfied, key 4 not
    # the complaint's work was done at 18:00, before its deadline; the fault is late
    assert day.ticket_sla_hit_rate == 0.5 and day.complaint_closure_s == 10 * 3600
    assert report.total.service_level == day.service_level


def test_an_agent_report_from_the_database(recorded: Engine) -> None:
    _data, report = report_of(recorded, "agent")
    rows = {r.key: r for r in report.rows}
    assert rows["agent05"].handled == 1 and rows["agent05"].aht_s == 210
    assert rows["agent06"].handled == 2 and rows["agent06"].aht_s == 110
    assert rows["agent06"].satisfaction == 0.5  # both answers: agent06 spoke last
