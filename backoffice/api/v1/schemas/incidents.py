"""Network incidents: the outages fault reports are checked against."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints, field_validator

from backoffice.api.v1.schemas.common import ApiModel, block_text, line_text
from backoffice.services.incidents import CAUSE_CODES

CauseCode = Literal[CAUSE_CODES]  # type: ignore[valid-type]
Area = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,31}$")]
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


class IncidentCreate(ApiModel):
    area: Area = Field(description="service area (district) code, as on customers",
                       examples=["pudong"])
    cause_code: CauseCode = Field(default="other", examples=["fiber_cut"])
    cause_zh: Annotated[str, line_text(200)] = Field(examples=["浦东新区光缆被施工挖断，正在抢修"])
    cause_en: Annotated[str, line_text(200)] = Field(
        examples=["A fibre cable in Pudong was cut by roadworks"])
    started_at: AwareDatetime | None = Field(
        default=None, description="with a time zone; default now",
        examples=["2026-11-22T08:00:00+08:00"])
    expected_fix_at: AwareDatetime | None = Field(
        default=None, description="with a time zone; not before started_at",
        examples=["2026-11-22T14:00:00+08:00"])

    @field_validator("started_at", "expected_fix_at")
    @classmethod
    def _plausible_utc(cls, value: datetime | None) -> datetime | None:
        """Within sane years (no overflow converting), and in UTC like every stored time."""
        if value is None:
            return None
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValueError(f"the year must be within {EARLIEST_YEAR}-{LATEST_YEAR}")
        return value.astimezone(UTC)

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "area": "pudong", "cause_code": "fiber_cut", "cause_zh": "浦东新区光缆被施工挖断，正在抢修",
        "cause_en": "A fibre cable in Pudong was cut by roadworks",
        "expected_fix_at": "2026-11-22T14:00:00+08:00"}]})


class IncidentOut(ApiModel):
    id: int = Field(examples=[1])
    area: str = Field(examples=["pudong"])
    cause_code: str = Field(examples=["fiber_cut"])
    cause_zh: str = Field(examples=["浦东新区光缆被施工挖断，正在抢修"])
    cause_en: str = Field(examples=["A fibre cable in Pudong was cut by roadworks"])
    status: str = Field(description="open, resolved", examples=["open"])
    started_at: datetime
    expected_fix_at: datetime | None
    resolved_at: datetime | None
    created_by: str = Field(examples=["api:noc"])


class IncidentResolve(ApiModel):
    reply: Annotated[str, block_text(2000)] | None = Field(
        default=None, description="the unified reply every linked ticket closes with; "
        "default: one made from the cause", examples=["光缆已修复，网络恢复正常。"])


class IncidentResolutionOut(IncidentOut):
    closed_tickets: list[str] = Field(
        description="numbers of the linked fault tickets this resolution closed (none when "
                    "it was resolved before)", examples=[["261122000017"]])
