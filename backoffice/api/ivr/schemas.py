"""Request and response bodies of `/ivr/v1`: tiny, flat, integer fen, ISO dates."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Digits = Field(pattern=r"^[0-9]+$")
CallId = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
Number = Field(min_length=1, max_length=24, pattern=r"^\+?[0-9]+$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IdentifyIn(Strict):
    caller_number: str = Field(max_length=24, description="caller ID as delivered; may be empty")


class CallerOut(BaseModel):
    number: str
    line_id: str | None
    customer_name: str
    language: Literal["zh", "en"] | None
    vip_level: int
    in_arrears: bool
    suspension: Literal["none", "one_way", "two_way"]
    area: str
    open_tickets: int
    pin_set: bool
    blacklisted: bool


class VerifyPinIn(Strict):
    call_id: str = CallId
    number: str = Number
    pin: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$", repr=False)


class PinOut(BaseModel):
    status: Literal["ok", "wrong", "locked"]
    tries_left: int | None = None
    token: str | None = None


class BalanceOut(BaseModel):
    balance_fen: int


class BillOut(BaseModel):
    period: str = Field(description="YYYY-MM")
    amount_fen: int
    due_date: str
    paid: bool


class LatestBillOut(BaseModel):
    bill: BillOut | None


class RechargeIn(Strict):
    call_id: str = CallId
    number: str = Number
    card_serial: str = Field(min_length=6, max_length=20, pattern=r"^[0-9]+$")
    card_pin: str = Field(min_length=6, max_length=24, pattern=r"^[0-9]+$", repr=False)


class RechargeOut(BaseModel):
    ok: bool
    reason: Literal["invalid_card", "used_card", "expired_card", "unknown_number"] | None = None
    amount_fen: int = 0
    new_balance_fen: int | None = None


class TicketStatusIn(Strict):
    caller_number: str = Field(max_length=24)
    ticket_number: str = Field(min_length=1, max_length=16, pattern=r"^[0-9]+$")


class TicketStatusOut(BaseModel):
    ticket_number: str
    found: bool
    valid_number: bool = True
    owned_by_caller: bool = False
    type: str | None = None
    status: str | None = None
    updated: str | None = None


class FaultIn(Strict):
    call_id: str = CallId
    number: str = Number
    fault_code: Literal["no_dial_tone", "broadband", "tv", "other"]


class IncidentOut(BaseModel):
    cause: str
    eta: str | None


class FaultOut(BaseModel):
    incident: IncidentOut | None = None
    ticket_number: str | None = None


class ChangePinIn(Strict):
    call_id: str = CallId
    number: str = Number
    new_pin: str = Field(min_length=1, max_length=12, pattern=r"^[0-9]+$", repr=False)


class PinChangeOut(BaseModel):
    ok: bool
    reason: Literal["weak", "same_as_old", "not_own_line", "not_verified", "locked"] | None = None


class SelfServiceIn(Strict):
    change: Literal["stop_keep_number", "call_forwarding", "caller_id", "plan"]
    enable: bool = Field(description="on/off; ignored for a plan change")
    target: str | None = Field(default=None, max_length=32, pattern=r"^\+?[0-9a-z_]+$",
                               description="number to forward to, or the new plan's code")


class SelfServiceOut(BaseModel):
    ok: bool
    reason: Literal["arrears", "already", "not_allowed", "invalid_target", "not_verified"] | None = None
    order_number: str | None = None


class LanguageIn(Strict):
    language: Literal["zh", "en"]


class EnqueueIn(Strict):
    call_id: str = CallId
    caller_number: str = Field(default="", max_length=24)
    skill: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    priority: int = Field(default=0, ge=0, le=100)
    context: dict[str, Any] = Field(default_factory=dict)


class QueueOut(BaseModel):
    entry_id: str
    destination: str


class SurveyIn(Strict):
    call_id: str = CallId
    score: int = Field(ge=1, le=5)


class OutcomeIn(Strict):
    call_id: str = CallId
    caller_number: str = Field(default="", max_length=24)
    path: list[str] = Field(default_factory=list, max_length=200)
    outcome: str = Field(min_length=1, max_length=32)
    contained: bool
    language: Literal["zh", "en"] | None = None


class FlowOut(BaseModel):
    name: str
    version: str
    definition: dict[str, Any]
