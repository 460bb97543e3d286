"""Grouping by day, skill, agent and ticket type over a small two-day example, worked by
hand; the periods, the query checks and the CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backoffice.kpi.export import csv_text, values
from backoffice.kpi.model import (
    CallRecord,
    KpiData,
    KpiSettings,
    QueueRecord,
    StateChange,
    SurveyRecord,
    TicketRecord,
)
from backoffice.kpi.query import InvalidReportQuery, ReportQuery
from backoffice.kpi.reports import KpiRow, build_report, period_edges

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=SHANGHAI).astimezone(UTC)


def entry(id_: int, skill: str, enqueued: datetime, *, wait: float | None = None,
          talk: float | None = None, agent: int | None = None, abandoned_after: float | None = None,
          callback: bool = False) -> QueueRecord:
    answered = enqueued + timedelta(seconds=wait) if wait is not None else None
    return QueueRecord(
        id=id_, call_uuid=f"c{id_}", caller_number=f"1390000000{id_}", skill=skill,
        status="abandoned" if abandoned_after is not None else
        ("completed" if talk is not None else "waiting"),
        enqueued_at=enqueued, answered_at=answered,
        ended_at=(answered + timedelta(seconds=talk) if answered and talk is not None else
                  enqueued + timedelta(seconds=abandoned_after) if abandoned_after else None),
        agent_id=agent, callback_number=f"1390000000{id_}" if callback else None,
        callback_requested_at=enqueued + timedelta(seconds=40) if callback else None)


# Day 1 (20 Nov, local): e1 billing answered by agent 5 after 10 s, talk 100 s, wrap-up 30 s;
# e2 billing abandoned after 20 s; e3 faults answered by agent 6 after 30 s, talk 200 s.
# Day 2 (21 Nov): e4 billing answered by agent 5 after 5 s, talk 60 s; e5 faults callback.
# Agent 5 on day 1: available 09:00, on call 09:00:10, wrap-up 09:01:50, available
# 09:02:20, logged out 09:10 → busy 130 s of 600 s working (0.2167).
ENTRIES = [entry(1, "billing", local(20, 9), wait=10, talk=100, agent=5),
           entry(2, "billing", local(20, 11), abandoned_after=20),
           entry(3, "faults", local(20, 14), wait=30, talk=200, agent=6),
           entry(4, "billing", local(21, 10), wait=5, talk=60, agent=5),
           entry(5, "faults", local(21, 12), callback=True)]
CHANGES = [StateChange(5, "available", local(20, 9)),
           StateChange(5, "on_call", local(20, 9, 0, 10)),
           StateChange(5, "wrap_up", local(20, 9, 1, 50)),
           StateChange(5, "available", local(20, 9, 2, 20)),
           StateChange(5, "logged_out", local(20, 9, 10))]
DATA = KpiData(
    start=local(20, 0), end=local(22, 0), now=local(30, 0), entries=ENTRIES,
    calls=[CallRecord("x1", "1", local(20, 8), contained=True),
           CallRecord("c1", "13900000001", local(20, 9), reached_queue=True)],
    state_changes=CHANGES,
    surveys=[SurveyRecord("c4", 1, local(21, 10, 5), agent_id=5, skill="billing")],
    tickets=[TicketRecord(1, "complaint", "closed", local(20, 10), local(20, 20))],
    agent_names={5: ("陈静", "agent05"), 6: ("杨磊", "agent06")},
    skill_names={"general": ("综合业务", "General"), "billing": ("话费账单", "Billing"),
                 "faults": ("障碍申告", "Faults")})
SETTINGS = KpiSettings()


def by_key(rows: list[KpiRow]) -> dict[str, KpiRow]:
    return {row.key: row for row in rows}


def test_by_day_each_day_has_its_own_indicators() -> None:
    report = build_report(DATA, "day", SETTINGS, SHANGHAI)
    day1, day2 = report.rows
    assert (day1.key, day2.key) == ("2026-11-20", "2026-11-21")
    # day 1: offered 3, answered 2, abandoned 1; within 15 s only e1 → 1/3; ASA (10+30)/2;
    # AHT (130 + 200) / 2; containment 1 of 2 calls
    assert (day1.offered, day1.answered, day1.abandoned, day1.callbacks) == (3, 2, 1, 0)
    assert day1.service_level == pytest.approx(1 / 3)
    assert day1.asa_s == 20 and day1.abandonment_rate == pytest.approx(1 / 3)
    assert day1.handled == 2 and day1.aht_s == 165
    assert day1.occupancy == pytest.approx(130 / 600)
    assert day1.ivr_containment == 0.5 and day1.tickets == 1
    assert day1.complaint_closure_s == 10 * 3600
    # day 2: e4 within 15 s → 1/1; e5 a callback; agent 5 logged out: no occupancy
    assert (day2.offered, day2.answered, day2.callbacks) == (2, 1, 1)
    assert day2.service_level == 1.0 and day2.abandonment_rate == 0.0
    assert day2.aht_s == 60 and day2.occupancy is None and day2.ivr_containment is None
    assert day2.satisfaction == 1.0 and day2.surveys == 1


def test_the_total_row_covers_the_whole_range() -> None:
    total = build_report(DATA, "day", SETTINGS, SHANGHAI).total
    # within 15 s: e1, e4 = 2 / (3 answered + 1 abandoned); ASA (10+30+5)/3 = 15
    assert total.service_level == 0.5 and total.asa_s == 15
    assert total.abandonment_rate == 0.25 and total.offered == 5
    assert total.aht_s == 130  # (130 + 200 + 60) / 3
    assert total.occupancy == pytest.approx(130 / 600)


def test_by_skill_every_known_skill_has_a_row() -> None:
    rows = by_key(build_report(DATA, "skill", SETTINGS, SHANGHAI).rows)
    assert list(rows) == ["general", "billing", "faults"]
    # billing: e1 (10 s) and e4 (5 s) within, e2 abandoned → 2/3; faults: e3 late → 0/1
    assert rows["billing"].service_level == pytest.approx(2 / 3)
    assert rows["faults"].service_level == 0.0 and rows["faults"].callbacks == 1
    assert rows["general"].service_level is None and rows["general"].offered == 0
    assert rows["billing"].label_en == "Billing" and rows["billing"].occupancy is None


def test_by_agent_handle_time_occupancy_and_satisfaction_but_no_queue_indicators() -> None:
    rows = by_key(build_report(DATA, "agent", SETTINGS, SHANGHAI).rows)
    assert list(rows) == ["agent05", "agent06"]
    five = rows["agent05"]
    assert five.handled == 2 and five.aht_s == 95  # (130 + 60) / 2
    assert five.occupancy == pytest.approx(130 / 600) and five.satisfaction == 1.0
    assert five.service_level is None and five.offered == 0
    assert five.label_zh == "陈静 (agent05)"
    assert rows["agent06"].aht_s == 200 and rows["agent06"].occupancy is None


def test_by_ticket_type_only_ticket_indicators() -> None:
    rows = by_key(build_report(DATA, "ticket_type", SETTINGS, SHANGHAI).rows)
    assert rows["complaint"].tickets == 1 and rows["complaint"].complaint_closure_s == 36000
    assert rows["fault"].tickets == 0 and rows["complaint"].service_level is None
    assert rows["complaint"].label_zh == "投诉"


def test_by_hour_calls_fall_in_their_local_hour() -> None:
    rows = by_key(build_report(DATA, "hour", SETTINGS, SHANGHAI).rows)
    assert len(rows) == 48
    assert rows["2026-11-20 09:00"].answered == 1 and rows["2026-11-20 11:00"].abandoned == 1
    assert rows["2026-11-20 09:00"].occupancy == pytest.approx(130 / 600)
    assert rows["2026-11-20 10:00"].offered == 0 and rows["2026-11-20 10:00"].occupancy is None


def test_handle_time_histogram_counts_each_minute() -> None:
    bins = build_report(DATA, "day", SETTINGS, SHANGHAI).handle_time_histogram
    # 130 s → 2-3 min, 200 s → 3-4 min, 60 s → 1-2 min
    assert [b.count for b in bins] == [0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert (bins[-1].from_s, bins[-1].to_s) == (600, None)


def test_given_no_records_then_every_rate_is_none() -> None:
    empty = KpiData(start=DATA.start, end=DATA.end, now=DATA.now)
    total = build_report(empty, "day", SETTINGS, SHANGHAI).total
    assert total.service_level is None and total.aht_s is None and total.fcr_24h is None
    assert total.offered == 0


def test_days_follow_local_midnight_across_a_change_of_utc_offset() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # summer time began on 29 March 2026: a 23 h day
    start = datetime(2026, 3, 28, tzinfo=berlin).astimezone(UTC)
    end = datetime(2026, 3, 30, tzinfo=berlin).astimezone(UTC)
    edges = period_edges(start, end, "day", berlin)
    assert [e - start for e in edges] == [timedelta(0), timedelta(hours=24),
                                          timedelta(hours=47)]


def test_report_queries_are_checked() -> None:
    ok = ReportQuery(date(2026, 11, 1), date(2026, 11, 14), "day").checked()
    assert ok.days == 14
    start, end = ok.window(SHANGHAI)
    assert start == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert end - start == timedelta(days=14)
    cases = [(ReportQuery(date(2026, 11, 2), date(2026, 11, 1)), "range_reversed"),
             (ReportQuery(date(2025, 1, 1), date(2026, 1, 2)), "range_too_long"),
             (ReportQuery(date(2026, 1, 1), date(2026, 2, 1), "hour"), "hourly_too_long"),
             (ReportQuery(date(2026, 1, 1), date(2026, 1, 1), "week"), "bad_grouping"),
             (ReportQuery(date(1, 1, 1), date(1, 1, 2)), "days_out_of_range"),
             (ReportQuery(date(9999, 12, 30), date(9999, 12, 31)), "days_out_of_range")]
    for query, code in cases:
        with pytest.raises(InvalidReportQuery) as refused:
            query.checked()
        assert refused.value.code == code
    assert ReportQuery(date(2025, 1, 1), date(2025, 12, 31), "day").checked().days == 365


def test_csv_has_a_header_a_line_per_group_and_the_total() -> None:
    report = build_report(DATA, "day", SETTINGS, SHANGHAI)
    lines = list(csv.DictReader(io.StringIO(csv_text(report))))
    assert [line["key"] for line in lines] == ["2026-11-20", "2026-11-21", "total"]
    assert lines[0]["service_level"] == "0.3333" and lines[0]["asa_s"] == "20.0"
    assert lines[1]["occupancy"] == ""  # nothing to compute: an empty cell
    assert lines[2]["group_by"] == "day" and lines[2]["label_en"] == "Total"
    assert values(report.total)["service_level"] == 0.5
