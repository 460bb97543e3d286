"""The demo's call history: deterministic, consistent with how the dispatcher records calls
(every place in the queue finished, agent states moving only as the ACD allows), and enough
for every indicator of a report to have a value."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.acd.agent_states import AgentState, can_move
from backoffice.db.base import Base
from backoffice.db.engine import make_engine
from backoffice.db.migrate import upgrade
from backoffice.db.models import AgentStateChange, QueueEntry
from backoffice.demo.history import TABLES
from backoffice.demo.load import load_demo_data
from backoffice.kpi.model import KpiSettings
from backoffice.kpi.query import ReportQuery
from backoffice.kpi.service import report_for

TODAY = date(2026, 11, 22)
DAYS = 3
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def history(engine: Engine) -> Engine:
    load_demo_data(engine, 30, 5, TODAY, b"k", progress=False, history_days=DAYS)
    return engine


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(
            select(Base.metadata.tables[name]).order_by(Base.metadata.tables[name].c.id))]
            for name in TABLES}


def test_every_place_in_the_queue_is_finished_and_in_the_past(history: Engine) -> None:
    first = datetime.combine(TODAY - timedelta(days=DAYS), time(0), tzinfo=TZ)
    midnight = datetime.combine(TODAY, time(0), tzinfo=TZ)
    with Session(history) as db:
        entries = db.scalars(select(QueueEntry)).all()
    assert len(entries) > 100
    assert {e.status for e in entries} <= {"completed", "abandoned"}
    assert all(first <= e.enqueued_at < midnight for e in entries)
    assert all(e.ended_at is not None and e.ended_at >= e.enqueued_at for e in entries)
    assert any(e.callback_number for e in entries) and any(e.announced_wait_s for e in entries)


def test_agents_move_between_states_only_as_the_acd_allows(history: Engine) -> None:
    with Session(history) as db:
        changes = db.scalars(select(AgentStateChange).order_by(
            AgentStateChange.at, AgentStateChange.id)).all()
    by_agent: dict[int, list[AgentStateChange]] = defaultdict(list)
    for change in changes:
        by_agent[change.agent_id].append(change)
    assert len(by_agent) >= 4
    for agent_changes in by_agent.values():
        state = AgentState.LOGGED_OUT
        for change in agent_changes:
            assert can_move(state, AgentState(change.state)), (state, change.state, change.at)
            state = AgentState(change.state)
        assert state == AgentState.LOGGED_OUT  # every shift ends


def test_every_indicator_of_the_history_has_a_plausible_value(history: Engine) -> None:
    query = ReportQuery(TODAY - timedelta(days=DAYS), TODAY - timedelta(days=1), "day").checked()
    with Session(history) as db:
        answer = report_for(db, query, TZ, KpiSettings(), datetime.combine(
            TODAY, time(9), tzinfo=UTC))
    total = answer.report.total
    assert len(answer.report.rows) == DAYS
    for rate in (total.service_level, total.abandonment_rate, total.occupancy,
                 total.ivr_containment, total.fcr_24h, total.satisfaction,
                 total.wait_estimates_within_30s, total.summary_completion):
        assert rate is not None and 0 < rate < 1
    assert total.asa_s is not None and total.aht_s is not None and total.aht_s > 60
    assert total.callbacks > 0 and total.ivr_exits > 0


def test_the_same_seed_gives_the_same_history_and_new_rows_get_fresh_ids(
        history: Engine, tmp_path: Path) -> None:
    other_url = f"sqlite:///{tmp_path}/again.db"
    upgrade(other_url)
    other = make_engine(other_url)
    load_demo_data(other, 30, 5, TODAY, b"k", progress=False, history_days=DAYS)
    assert _dump(history) == _dump(other)
    other.dispose()
    with Session(history) as db, db.begin():
        highest = max(e.id for e in db.scalars(select(QueueEntry)))
        fresh = QueueEntry(call_uuid="after-demo", caller_number="1", skill="billing",
                           context={}, missed_agent_ids=[])
        db.add(fresh)
        db.flush()
        assert fresh.id > highest
