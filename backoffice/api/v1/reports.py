"""Service indicator reports for integrators: the same report as the desk's, as JSON or CSV."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from backoffice.api.problems import Unprocessable
from backoffice.api.v1.auth import ReadReports
from backoffice.api.v1.deps import ReadSessionsDep, SettingsDep
from backoffice.api.v1.schemas.common import problems
from backoffice.api.v1.schemas.reports import HistogramBinOut, KpiReportOut, row_out
from backoffice.db.base import utcnow
from backoffice.kpi.export import csv_text, values
from backoffice.kpi.model import KpiSettings
from backoffice.kpi.query import MAX_HOURLY_DAYS, MAX_RANGE_DAYS, InvalidReportQuery, ReportQuery
from backoffice.kpi.service import report_for

router = APIRouter(tags=["reports"])
CSV = "text/csv"


DESCRIPTION = f"""Service level, ASA, abandonment, handle time, occupancy, IVR containment,
first-contact resolution, tickets and satisfaction per hour, day, agent, skill or ticket type,
and in total. Every indicator is defined once (`backoffice/kpi/definitions.py`); the desk's
wallboard and reports use the same definitions. Days are whole days in the operator's time
zone: at most {MAX_RANGE_DAYS} days, {MAX_HOURLY_DAYS} by hour. `Accept: text/csv` or
`format=csv` answers with CSV: a line per group and a `total` line."""


class InvalidReportRange(Unprocessable):
    type_id, title = "invalid-report-range", "The report's range cannot be reported"


@router.get(
    "/reports/kpis", response_model=KpiReportOut, summary="Service indicators for a range of days",
    description=DESCRIPTION,
    responses={**problems(422), 200: {"content": {CSV: {"schema": {"type": "string"}}},
                                      "description": "The report (JSON, or CSV when asked)"}})
def kpi_report(
    client: ReadReports, sessions: ReadSessionsDep, settings: SettingsDep, request: Request,
    first_day: Annotated[date, Query(alias="from", description="first day, included",
                                     examples=["2026-11-01"])],
    last_day: Annotated[date, Query(alias="to", description="last day, included",
                                    examples=["2026-11-14"])],
    group_by: Annotated[Literal["hour", "day", "agent", "skill", "ticket_type"], Query()] = "day",
    format: Annotated[Literal["json", "csv"] | None, Query(
        description="csv: the same as `Accept: text/csv`")] = None,
) -> Any:
    query = ReportQuery(first_day, last_day, group_by)
    try:
        query.checked()
    except InvalidReportQuery as refused:
        raise InvalidReportRange(refused.detail, code=refused.code) from None
    tz = ZoneInfo(settings.timezone)
    kpi_settings = KpiSettings.from_settings(settings)
    with sessions() as db:
        report = report_for(db, query, tz, kpi_settings, utcnow()).report
    if format == "csv" or (format is None and CSV in request.headers.get("accept", "")):
        name = f"kpi_{group_by}_{first_day}_{last_day}.csv"
        return Response(csv_text(report), media_type=f"{CSV}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return KpiReportOut.model_validate({
        "from": first_day, "to": last_day, "group_by": group_by, "timezone": settings.timezone,
        "service_level_threshold_s": kpi_settings.service_level_threshold_s,
        "short_abandon_s": kpi_settings.short_abandon_s,
        "rows": [row_out(values(r)) for r in report.rows], "total": row_out(values(report.total)),
        "handle_time_histogram": [HistogramBinOut(**asdict(b))
                                  for b in report.handle_time_histogram]})
