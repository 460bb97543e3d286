"""Service indicator reports: one row of indicators per group, a total, and the spread of
handle times. The row's fields are `backoffice.kpi.reports.KpiRow`'s, described here."""

from __future__ import annotations

from datetime import date
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from backoffice.kpi.reports import COLUMNS, KpiRow

DESCRIPTIONS = {
    "key": "the group: YYYY-MM-DD HH:00, YYYY-MM-DD, agent username, skill code, ticket type, "
           "or `total`",
    "label_zh": "the group's name in Chinese", "label_en": "the group's name in English",
    "offered": "callers who joined the queue (a transferred call once)",
    "answered": "of those, answered by an agent",
    "abandoned": "of those, hung up after waiting at least `short_abandon_s`",
    "short_abandons": "hung up sooner: counted nowhere else",
    "callbacks": "booked a callback instead of waiting (not an abandon)",
    "service_level": "answered within `service_level_threshold_s` / (answered + abandoned)",
    "asa_s": "average speed of answer, seconds", "abandonment_rate": "abandoned / (answered + "
    "abandoned)", "handled": "conversations agents finished (transfers and callbacks too)",
    "aht_s": "average handle time: talk + wrap-up, seconds", "talk_s": "average talk, seconds",
    "wrap_up_s": "average wrap-up, seconds",
    "occupancy": "(talk + wrap-up) / (talk + wrap-up + available) agent time",
    "ivr_calls": "inbound calls in the IVR",
    "ivr_exits": "calls that left the menus unserved without reaching the queue",
    "ivr_containment": "calls the menus served alone / IVR calls",
    "fcr_24h": "answered callers who did not call again within 24 h",
    "fcr_7d": "answered callers who did not call again within 7 days",
    "surveys": "post-call survey answers", "satisfaction": "share of survey answers 1 or 2 "
    "(1 very satisfied … 5 very dissatisfied)",
    "tickets": "tickets opened", "complaint_closure_s": "mean seconds from opening to closing a "
    "complaint", "ticket_sla_hit_rate": "tickets done by their resolution deadline / tickets "
    "whose outcome is known",
    "ticket_satisfaction": "share of scored tickets scored 4 or 5 (5 very satisfied)",
    "wait_estimate_mae_s": "mean |announced − actual| wait, seconds",
    "wait_estimates_within_30s": "share of announced waits within ±30 s of the actual wait",
    "summary_completion": "share of conversations with a call summary code",
}
_HINTS = get_type_hints(KpiRow)
KpiRowOut: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "KpiRowOut", __config__=ConfigDict(extra="forbid"), __doc__=(
        "The indicators of one group; null where there is nothing to compute (no calls) or "
        "the indicator has no meaning for the grouping (service level per agent)."),
    **{name: (_HINTS[name], Field(description=DESCRIPTIONS[name])) for name in COLUMNS})


class HistogramBinOut(BaseModel):
    from_s: int = Field(examples=[120])
    to_s: int | None = Field(description="null: the open last bin", examples=[180])
    count: int = Field(examples=[42])


class KpiReportOut(BaseModel):
    """Indicators over whole days in the operator's time zone, grouped as asked."""

    model_config = ConfigDict(populate_by_name=True)

    first_day: date = Field(alias="from", examples=["2026-11-01"])
    last_day: date = Field(alias="to", examples=["2026-11-14"])
    group_by: str = Field(examples=["day"])
    timezone: str = Field(examples=["Asia/Shanghai"])
    service_level_threshold_s: float = Field(examples=[15])
    short_abandon_s: float = Field(examples=[5])
    rows: list[KpiRowOut]  # type: ignore[valid-type]
    total: KpiRowOut  # type: ignore[valid-type]
    handle_time_histogram: list[HistogramBinOut]


def row_out(values: dict[str, Any]) -> BaseModel:
    return KpiRowOut(**values)
