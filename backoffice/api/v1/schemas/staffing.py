"""Erlang C staffing: one interval's answer, and a forecast of several intervals."""

from __future__ import annotations

import math
from typing import Annotated

from annotated_types import Ge, Gt, Le, Lt
from pydantic import ConfigDict, Field, StringConstraints

from backoffice.api.v1.schemas.common import ApiModel
from backoffice.domain.erlang_c import Staffing

MAX_INTERVALS = 336  # a week of half-hours
# The bounds every staffing question shares, as types for query parameters and body fields
# alike (the domain checks them again, and the traffic they make).
Calls = Annotated[float, Ge(0), Le(1_000_000)]
IntervalMinutes = Annotated[int, Ge(1), Le(1440)]
HandleSeconds = Annotated[float, Gt(0), Le(86_400)]
AnswerSeconds = Annotated[float, Ge(0), Le(3600)]
TargetLevel = Annotated[float, Gt(0), Lt(1)]
MaxOccupancy = Annotated[float, Ge(0.5), Le(1)]  # below 50% no planner staffs on purpose
Shrinkage = Annotated[float, Ge(0), Le(0.9)]
AgentCount = Annotated[int, Ge(0), Le(100_000)]
DEFAULT_ANSWER_S = 15.0  # REQUIREMENTS §8: answered within 15 s
DEFAULT_TARGET_SL = 0.8


class StaffingOut(ApiModel):
    """How an interval performs with `agents` on the phones (Erlang C)."""

    traffic_erlangs: float = Field(description="calls × AHT / interval length", examples=[30.0])
    agents: int = Field(description="agents taking calls", examples=[35])
    scheduled_agents: int = Field(description="agents to roster: agents / (1 − shrinkage), "
                                              "rounded up", examples=[35])
    probability_of_waiting: float = Field(description="share of callers who wait at all",
                                          examples=[0.2846])
    service_level: float = Field(description="share answered within the target time",
                                 examples=[0.8367])
    average_speed_of_answer_s: float | None = Field(
        description="mean wait in seconds; null when the staffing is not stable", examples=[10.24])
    occupancy: float = Field(description="share of the agents' time on calls", examples=[0.857])
    stable: bool = Field(description="false when agents ≤ traffic: the queue grows without "
                                     "bound and every caller waits", examples=[True])
    meets_target: bool = Field(examples=[True])

    @classmethod
    def of(cls, staffing: Staffing) -> StaffingOut:
        asa = staffing.average_speed_of_answer_s
        return cls(traffic_erlangs=staffing.traffic_erlangs, agents=staffing.agents,
                   scheduled_agents=staffing.scheduled_agents,
                   probability_of_waiting=staffing.probability_of_waiting,
                   service_level=staffing.service_level,
                   average_speed_of_answer_s=asa if math.isfinite(asa) else None,
                   occupancy=staffing.occupancy, stable=staffing.stable,
                   meets_target=staffing.meets_target)


IntervalLabel = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z :+\-]{1,25}$")]


class IntervalIn(ApiModel):
    start: IntervalLabel | None = Field(
        default=None, description="a label for the interval, e.g. its start time",
        examples=["08:00"])
    calls_per_interval: Calls = Field(description="forecast calls offered", examples=[120])
    aht_s: HandleSeconds | None = Field(
        default=None, description="this interval's handle time; default the forecast's",
        examples=[200])


class ForecastIn(ApiModel):
    interval_minutes: IntervalMinutes = Field(default=30, examples=[30])
    aht_s: HandleSeconds = Field(description="average handle time (talk + wrap-up), seconds",
                                 examples=[180])
    target_answer_s: AnswerSeconds = Field(default=DEFAULT_ANSWER_S, examples=[15])
    target_sl: TargetLevel = Field(default=DEFAULT_TARGET_SL, examples=[0.8])
    max_occupancy: MaxOccupancy = Field(default=1.0, examples=[0.85])
    shrinkage: Shrinkage = Field(default=0.0, examples=[0.3])
    intervals: list[IntervalIn] = Field(min_length=1, max_length=MAX_INTERVALS)

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "interval_minutes": 30, "aht_s": 180, "target_answer_s": 20, "target_sl": 0.8,
        "intervals": [{"start": "08:00", "calls_per_interval": 120},
                      {"start": "08:30", "calls_per_interval": 300},
                      {"start": "09:00", "calls_per_interval": 260, "aht_s": 200}]}]})


class IntervalOut(StaffingOut):
    start: str | None = Field(examples=["08:30"])
    calls_per_interval: float = Field(examples=[300])
    aht_s: float = Field(examples=[180])


class ForecastOut(ApiModel):
    intervals: list[IntervalOut]
    total_calls: float = Field(examples=[680])
    peak_agents: int = Field(description="the most agents any interval needs", examples=[35])
    agent_hours: float = Field(description="agents × interval length, summed", examples=[31.5])
    scheduled_agent_hours: float = Field(description="the same with shrinkage", examples=[31.5])
