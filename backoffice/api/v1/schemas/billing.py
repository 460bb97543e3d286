"""Bills and their itemized records (清单)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from backoffice.api.v1.schemas.common import ApiModel


class BillOut(ApiModel):
    id: int = Field(examples=[7])
    account_id: int = Field(examples=[1])
    period: date = Field(description="first day of the billed month", examples=["2026-10-01"])
    amount_fen: int = Field(examples=[5230])
    paid_fen: int = Field(examples=[5230])
    outstanding_fen: int = Field(examples=[0])
    issued_on: date = Field(examples=["2026-11-01"])
    due_date: date = Field(examples=["2026-11-20"])


class BillItemOut(ApiModel):
    """One record: a call, an SMS bundle, data, or the monthly fee."""

    id: int = Field(examples=[101])
    line_id: int = Field(examples=[1])
    line_number: str = Field(examples=["13800000001"])
    kind: str = Field(description="monthly_fee, local, long_distance, sms, data",
                      examples=["local"])
    started_at: datetime | None
    called_number: str | None = Field(examples=["02154321234"])
    duration_s: int = Field(examples=[185])
    charge_fen: int = Field(examples=[40])


class BillDetail(BillOut):
    items: list[BillItemOut]
