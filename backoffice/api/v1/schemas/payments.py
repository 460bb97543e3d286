"""Payments: listed per account, and taken from integrators with an idempotency key."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field

from backoffice.api.v1.schemas.common import ApiModel, line_text

MAX_PAYMENT_FEN = 100_000_000  # ¥1,000,000: far above any bill, low enough to catch typos


class PaymentCreate(ApiModel):
    """Money in, as a whole number of fen (1 yuan = 100 fen)."""

    amount_fen: int = Field(strict=True, ge=1, le=MAX_PAYMENT_FEN,
                            description=f"fen, 1 to {MAX_PAYMENT_FEN}", examples=[5000])
    reference: Annotated[str, line_text(64)] | None = Field(
        default=None, description="the payer's own reference (receipt number, order id)",
        examples=["BANK-20261122-0042"])

    model_config = ConfigDict(json_schema_extra={
        "examples": [{"amount_fen": 5000, "reference": "BANK-20261122-0042"}]})


class PaymentOut(ApiModel):
    id: int = Field(examples=[42])
    account_id: int = Field(examples=[2])
    amount_fen: int = Field(examples=[5000])
    method: str = Field(description="card, agent, api, refund", examples=["api"])
    reference: str | None = Field(examples=["BANK-20261122-0042"])
    created_by: str = Field(examples=["api:billing-system"])
    created_at: datetime


class PaymentReceipt(PaymentOut):
    """The payment and the account right after it (service is restored at once when the
    payment clears the arrears)."""

    balance_fen: int = Field(examples=[1200])
    credit_state: str = Field(examples=["active"])
