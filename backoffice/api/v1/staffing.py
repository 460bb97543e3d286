"""Staffing (排班预测): Erlang C for one interval, or interval by interval for a forecast.

Pure calculation (nothing is read or stored): the workforce planner's question "how many
agents do we need for 80% answered within 15 s?" — or, given `agents`, "what do we get?".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backoffice.api.problems import Unprocessable
from backoffice.api.v1.auth import ReadReports
from backoffice.api.v1.schemas.common import problems
from backoffice.api.v1.schemas.staffing import (
    DEFAULT_ANSWER_S,
    DEFAULT_TARGET_SL,
    AgentCount,
    AnswerSeconds,
    Calls,
    ForecastIn,
    ForecastOut,
    HandleSeconds,
    IntervalMinutes,
    IntervalOut,
    MaxOccupancy,
    Shrinkage,
    StaffingOut,
    TargetLevel,
)
from backoffice.domain.erlang_c import (
    ServiceTarget,
    StaffingInputError,
    Workload,
    agents_required,
    staffing_with,
)

router = APIRouter(tags=["staffing"])


class StaffingInputInvalid(Unprocessable):
    type_id = "staffing-input"
    title = "The staffing question cannot be answered as asked"


def _target(answer_s: float, level: float, occupancy: float, shrinkage: float) -> ServiceTarget:
    try:
        return ServiceTarget(answer_within_s=answer_s, service_level=level,
                             max_occupancy=occupancy, shrinkage=shrinkage)
    except StaffingInputError as exc:
        raise StaffingInputInvalid(str(exc)) from None


@router.get("/staffing/erlang-c", response_model=StaffingOut,
            summary="Agents required for one interval (Erlang C)", responses=problems(422))
def erlang_c(
    client: ReadReports,
    calls_per_interval: Annotated[Calls, Query(examples=[300],
                                               description="forecast calls in the interval")],
    aht_s: Annotated[HandleSeconds, Query(
        examples=[180], description="average handle time (talk + wrap-up), seconds")],
    interval_minutes: Annotated[IntervalMinutes, Query(examples=[30],
                                                       description="60 for calls per hour")] = 30,
    target_answer_s: Annotated[AnswerSeconds, Query(examples=[20])] = DEFAULT_ANSWER_S,
    target_sl: Annotated[TargetLevel, Query(examples=[0.8])] = DEFAULT_TARGET_SL,
    max_occupancy: Annotated[MaxOccupancy, Query(examples=[0.85])] = 1.0,
    shrinkage: Annotated[Shrinkage, Query(examples=[0.3])] = 0.0,
    agents: Annotated[AgentCount | None, Query(examples=[34], description=(
        "evaluate this many agents instead of finding the smallest staff that meets the "
        "target"))] = None,
) -> StaffingOut:
    """The smallest number of agents meeting `target_sl` answered within `target_answer_s`
    (and at most `max_occupancy`), with the probability of waiting, the service level, the
    average speed of answer and the occupancy it gives. Assumes random (Poisson) arrivals,
    exponential handle times and callers who wait (no abandons)."""
    target = _target(target_answer_s, target_sl, max_occupancy, shrinkage)
    try:
        workload = Workload(calls_per_interval, interval_minutes * 60.0, aht_s)
        found = (agents_required(workload, target) if agents is None
                 else staffing_with(workload, agents, target))
    except StaffingInputError as exc:
        raise StaffingInputInvalid(str(exc)) from None
    return StaffingOut.of(found)


@router.post("/staffing/erlang-c/forecast", response_model=ForecastOut,
             summary="Agents required interval by interval (Erlang C)", responses=problems(422))
def erlang_c_forecast(body: ForecastIn, client: ReadReports) -> ForecastOut:
    """A day's (or week's) forecast in, agents per interval out, with the peak and the
    agent-hours to roster. Nothing is stored: POST only because a forecast is long."""
    target = _target(body.target_answer_s, body.target_sl, body.max_occupancy, body.shrinkage)
    rows = []
    try:
        for interval in body.intervals:
            aht_s = interval.aht_s if interval.aht_s is not None else body.aht_s
            found = agents_required(
                Workload(interval.calls_per_interval, body.interval_minutes * 60.0, aht_s), target)
            rows.append(IntervalOut(start=interval.start, calls_per_interval=interval.calls_per_interval,
                                    aht_s=aht_s, **StaffingOut.of(found).model_dump()))
    except StaffingInputError as exc:
        raise StaffingInputInvalid(f"interval {len(rows) + 1}: {exc}") from None
    hours = body.interval_minutes / 60.0
    return ForecastOut(
        intervals=rows, total_calls=sum(r.calls_per_interval for r in rows),
        peak_agents=max(r.agents for r in rows),
        agent_hours=sum(r.agents for r in rows) * hours,
        scheduled_agent_hours=sum(r.scheduled_agents for r in rows) * hours)
