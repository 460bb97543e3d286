"""Reports (统计报表) for supervisors (QA may read them too): indicators over a range of
days by hour, day, agent, skill or ticket type, with charts, and the same as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request
from starlette.responses import Response

from backoffice.db.models import Agent
from backoffice.desk import replies
from backoffice.desk.auth import require_roles
from backoffice.desk.i18n import translator
from backoffice.desk.report_view import default_query, page_context, run_report
from backoffice.desk.routing import desk_router
from backoffice.desk.templating import render
from backoffice.kpi.export import csv_text
from backoffice.kpi.query import InvalidReportQuery, ReportQuery

router = desk_router()
ReportReader = Annotated[Agent, require_roles("supervisor", "qa")]
FromDay = Annotated[date | None, Query(alias="from")]
ToDay = Annotated[date | None, Query(alias="to")]
Grouping = Annotated[str, Query(max_length=16)]
EXCEL_BOM = "\ufeff"  # so a spreadsheet opened by double-click reads the Chinese right


def _query(request: Request, first: date | None, last: date | None, group_by: str) -> ReportQuery:
    default = default_query(request)
    return ReportQuery(first or default.first_day, last or default.last_day, group_by)


@router.get("/reports")
def reports_page(request: Request, agent: ReportReader, first: FromDay = None,
                 last: ToDay = None, group_by: Grouping = "day") -> Response:
    query = _query(request, first, last, group_by)
    t = translator(request.session.get("lang", "zh"))
    try:
        query.checked()
    except InvalidReportQuery as refused:
        return render(request, "reports.html", status_code=422, agent=agent, page="reports",
                      query=query, error=f"report_{refused.code}")
    with replies.fresh_session(request) as db:
        report = run_report(db, request, query)
    return render(request, "reports.html", agent=agent, page="reports",
                  **page_context(report, query, t))


@router.get("/reports.csv")
def reports_csv(request: Request, agent: ReportReader, first: FromDay = None,
                last: ToDay = None, group_by: Grouping = "day") -> Response:
    query = _query(request, first, last, group_by)
    try:
        query.checked()
    except InvalidReportQuery as refused:
        return replies.refused(request, f"report_{refused.code}", 422)
    with replies.fresh_session(request) as db:
        report = run_report(db, request, query).report
    name = f"kpi_{query.group_by}_{query.first_day}_{query.last_day}.csv"
    return Response(EXCEL_BOM + csv_text(report), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
