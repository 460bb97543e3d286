"""What the reports page shows: the report of a query, its charts, and cells written for
people (percentages, durations in the user's language)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import Request
from markupsafe import Markup
from sqlalchemy.orm import Session

from backoffice.db.base import utcnow
from backoffice.desk.business_day import operator_zone
from backoffice.desk.svg_charts import Series, bar_chart
from backoffice.kpi.model import KpiSettings
from backoffice.kpi.query import ReportQuery
from backoffice.kpi.reports import COUNT_COLUMNS, MEANINGFUL, RATE_COLUMNS, HistogramBin, Report
from backoffice.kpi.service import report_for

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class ReportPage:
    report: Report
    timeline: Report
    settings: KpiSettings


def default_query(request: Request) -> ReportQuery:
    """The last seven days, today included."""
    today = utcnow().astimezone(operator_zone(request)).date()
    return ReportQuery(today - timedelta(days=DEFAULT_DAYS - 1), today, "day")


def run_report(db: Session, request: Request, query: ReportQuery) -> ReportPage:
    """The report as asked, and the same data by hour or day for the charts over time."""
    settings = KpiSettings.from_settings(request.app.state.settings)
    answer = report_for(db, query, operator_zone(request), settings, utcnow())
    return ReportPage(answer.report, answer.timeline, settings)


def cell(column: str, value: float | int | None, t: dict[str, str]) -> str:
    """A table cell: counts as they are, rates as percentages, durations readable."""
    if value is None:
        return t["kpi_na"]
    if column in COUNT_COLUMNS:
        return str(value)
    if column in RATE_COLUMNS:
        return f"{value * 100:.1f}%"
    if column == "complaint_closure_s":
        return f"{value / 3600:.1f} {t['rp_hours']}"
    if value < 100:
        return f"{value:.0f} {t['rp_seconds']}"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}:{seconds:02d}"


def label(row: Any, lang: str, t: dict[str, str]) -> str:
    if row.key == "total":
        return t["rp_total"]
    return str(row.label_zh if lang == "zh" else row.label_en)


def charts(page: ReportPage, t: dict[str, str]) -> dict[str, Markup]:
    rows = page.timeline.rows
    labels = [r.key for r in rows]
    volume = bar_chart(
        t["rp_chart_volume"], labels,
        [Series(t["rp_legend_offered"], [r.offered for r in rows], "s-offered"),
         Series(t["rp_legend_answered"], [r.answered for r in rows], "s-answered")],
        line=Series(t["rp_legend_service_level"], [r.service_level for r in rows], "s-level"),
        testid="chart-volume")
    abandonment = bar_chart(
        t["rp_chart_abandonment"], labels,
        [Series(t["rp_legend_abandonment"], [r.abandonment_rate for r in rows], "s-abandon")],
        percent_bars=True, testid="chart-abandonment")
    bins = page.report.handle_time_histogram
    handle = bar_chart(
        t["rp_chart_handle_time"], [_bin_label(b, t) for b in bins],
        [Series(t["rp_legend_calls"], [b.count for b in bins], "s-handle")],
        testid="chart-handle-time")
    return {"volume": volume, "abandonment": abandonment, "handle_time": handle}


def _bin_label(b: HistogramBin, t: dict[str, str]) -> str:
    if b.to_s is None:
        return f"≥{b.from_s // 60} {t['rp_minutes']}"
    return f"{b.from_s // 60}–{b.to_s // 60}"


def page_context(page: ReportPage, query: ReportQuery, t: dict[str, str]) -> dict[str, Any]:
    return {"page_data": page, "query": query, "columns": MEANINGFUL[query.group_by],
            "charts": charts(page, t), "cell": cell, "row_label": label,
            "has_data": page.report.total.offered or page.report.total.handled
            or page.report.total.ivr_calls or page.report.total.tickets,
            "notes": t["rp_notes"].format(s=f"{page.settings.service_level_threshold_s:g}",
                                          a=f"{page.settings.short_abandon_s:g}")}
