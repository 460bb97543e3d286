"""Prepaid recharge cards: issue (the card PIN is shown once), status, void."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from backoffice.api.v1.schemas.common import ApiModel
from backoffice.services.card_issuing import MAX_BATCH

MAX_FACE_VALUE_FEN = 100_000  # ¥1,000


class CardIssue(ApiModel):
    face_value_fen: int = Field(strict=True, ge=1, le=MAX_FACE_VALUE_FEN,
                                description=f"fen, 1 to {MAX_FACE_VALUE_FEN}", examples=[5000])
    count: int = Field(default=1, strict=True, ge=1, le=MAX_BATCH,
                       description=f"cards in this batch, 1 to {MAX_BATCH}", examples=[10])
    expires_on: date | None = Field(
        default=None, description="last day the card can be used; default one year from today",
        examples=["2027-12-31"])

    model_config = ConfigDict(json_schema_extra={
        "examples": [{"face_value_fen": 5000, "count": 2, "expires_on": "2027-12-31"}]})


class IssuedCard(ApiModel):
    serial: str = Field(examples=["800000000018"])
    card_pin: str = Field(description="the secret to print under the scratch layer; returned "
                                      "only in this response and never again",
                          examples=["4821093356170284"])
    face_value_fen: int = Field(examples=[5000])
    expires_on: date = Field(examples=["2027-12-31"])
    status: str = Field(examples=["issued"])


class CardBatch(ApiModel):
    cards: list[IssuedCard]


class CardStatus(ApiModel):
    """A card as the system knows it: never its PIN."""

    serial: str = Field(examples=["800000000018"])
    face_value_fen: int = Field(examples=[5000])
    status: str = Field(description="issued, used, void", examples=["used"])
    expires_on: date = Field(examples=["2027-12-31"])
    created_at: datetime
    used_at: datetime | None
    used_by_line_id: int | None = Field(examples=[1])
    payment_id: int | None = Field(examples=[42])
