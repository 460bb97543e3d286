"""Customers, their accounts and lines as integrators see them (never PIN material)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from backoffice.api.v1.schemas.common import ApiModel
from backoffice.db.models import Account, Customer, Line


class PlanOut(ApiModel):
    code: str = Field(examples=["smart39"])
    name_zh: str = Field(examples=["畅聊套餐39元"])
    name_en: str = Field(examples=["Talk 39"])
    monthly_fee_fen: int = Field(examples=[3900])
    per_minute_fen: int = Field(examples=[10])


class LineOut(ApiModel):
    """A phone number with its plan and features. The PIN is never shown, only whether it
    is set and whether it is locked."""

    id: int = Field(examples=[1])
    account_id: int = Field(examples=[1])
    number: str = Field(examples=["13800000001"])
    status: str = Field(description="active, stop_keep_number, closed", examples=["active"])
    plan: PlanOut
    call_forwarding_to: str | None = Field(examples=[None])
    caller_id_enabled: bool = Field(examples=[True])
    language: str | None = Field(examples=["zh"])
    pin_set: bool = Field(examples=[True])
    pin_locked_until: datetime | None = Field(examples=[None])

    @classmethod
    def of(cls, line: Line) -> LineOut:
        return cls(
            id=line.id, account_id=line.account_id, number=line.number, status=line.status,
            plan=PlanOut.model_validate(line.plan), call_forwarding_to=line.call_forwarding_to,
            caller_id_enabled=line.caller_id_enabled, language=line.language,
            pin_set=line.pin_hash is not None, pin_locked_until=line.pin_locked_until)


class AccountOut(ApiModel):
    id: int = Field(examples=[1])
    customer_id: int = Field(examples=[1])
    contract_number: str = Field(examples=["HT2026000001"])
    balance_fen: int = Field(description="negative when the customer owes", examples=[12345])
    credit_state: str = Field(
        description="active, one_way_suspended, two_way_suspended, closed", examples=["active"])
    credit_state_since: datetime
    lines: list[LineOut]

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(id=account.id, customer_id=account.customer_id,
                   contract_number=account.contract_number, balance_fen=account.balance_fen,
                   credit_state=account.credit_state,
                   credit_state_since=account.credit_state_since,
                   lines=[LineOut.of(line) for line in sorted(account.lines, key=lambda x: x.id)])


class AccountDetail(AccountOut):
    """An account with what it owes: the real-time balance and the arrears picture."""

    owed_fen: int = Field(description="unpaid amount of its bills", examples=[0])
    months_in_arrears: int = Field(examples=[0])


class CustomerSummary(ApiModel):
    id: int = Field(examples=[1])
    name: str = Field(examples=["张三"])
    vip_level: int = Field(description="0 ordinary, 1 silver, 2 gold, 3 diamond", examples=[0])
    area: str = Field(examples=["pudong"])
    language: str = Field(examples=["zh"])
    created_at: datetime


class CustomerDetail(CustomerSummary):
    id_document: str = Field(description="masked identity document number",
                             examples=["3101**********1234"])
    contact_number: str | None = Field(examples=["13800000001"])
    accounts: list[AccountOut]

    @classmethod
    def of(cls, customer: Customer) -> CustomerDetail:
        summary = CustomerSummary.model_validate(customer).model_dump()
        return cls(**summary, id_document=customer.id_document,
                   contact_number=customer.contact_number,
                   accounts=[AccountOut.of(a) for a in sorted(customer.accounts,
                                                              key=lambda a: a.id)])
