"""Staffing forecast (排班预测) for supervisors: paste a day's calls per interval, get the
agents each interval needs (Erlang C), with the waiting and service level they give."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from starlette.responses import Response

from backoffice.desk.auth import SupervisorUser
from backoffice.desk.routing import desk_router
from backoffice.desk.staffing_form import (
    EXAMPLE_DAY,
    INTERVAL_CHOICES,
    StaffingForm,
    StaffingFormError,
    bar_widths,
    staffing_plan,
)
from backoffice.desk.templating import render

router = desk_router("/desk/staffing")
Field = Annotated[str | None, Query(max_length=20)]


@router.get("")
def staffing_page(request: Request, agent: SupervisorUser,
                  forecast: Annotated[str | None, Query(max_length=20_000)] = None,
                  start: Field = None, interval: Field = None, aht_s: Field = None,
                  answer_s: Field = None, sl: Field = None, occupancy: Field = None,
                  shrinkage: Field = None) -> Response:
    """A calculation only (GET: nothing changes, the link can be shared or bookmarked)."""
    given = {key: value for key, value in (
        ("forecast", forecast), ("start", start), ("interval", interval), ("aht_s", aht_s),
        ("answer_s", answer_s), ("sl", sl), ("occupancy", occupancy),
        ("shrinkage", shrinkage)) if value is not None}
    form = StaffingForm.of(given)
    plan, error, status = None, None, 200
    if forecast is not None:
        try:
            plan = staffing_plan(form)
        except StaffingFormError as refusal:
            error, status = refusal, 422
    return render(request, "staffing.html", status_code=status, agent=agent, page="staffing",
                  form=form, plan=plan, error=error, intervals=INTERVAL_CHOICES,
                  bars=bar_widths(plan.rows) if plan else [], example=EXAMPLE_DAY)
