"""A report for a query, read from the database: what the desk's page, its CSV and the API
all run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from backoffice.kpi.model import KpiSettings
from backoffice.kpi.query import ReportQuery
from backoffice.kpi.records import load
from backoffice.kpi.reports import Report, build_report


@dataclass(frozen=True)
class Answer:
    report: Report  # grouped as asked
    timeline: Report  # the same by hour (an hourly report) or by day, for charts over time


def report_for(db: Session, query: ReportQuery, tz: ZoneInfo, settings: KpiSettings,
               now: datetime) -> Answer:
    """`query` must be checked already (`ReportQuery.checked`)."""
    start, end = query.window(tz)
    data = load(db, start, end, now, settings)
    report = build_report(data, query.group_by, settings, tz)
    timeline = report if query.group_by == query.timeline_grouping else build_report(
        data, query.timeline_grouping, settings, tz)
    return Answer(report, timeline)
