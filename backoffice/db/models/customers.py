"""Customers own accounts; accounts hold the money and the credit state; lines are phone numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.db.base import Base, utcnow


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    monthly_fee_fen: Mapped[int]
    per_minute_fen: Mapped[int]


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    id_document: Mapped[str] = mapped_column(String(32), comment="masked identity document number")
    vip_level: Mapped[int] = mapped_column(default=0, comment="0 ordinary, 1 silver, 2 gold, 3 diamond")
    area: Mapped[str] = mapped_column(String(32), index=True, comment="service area (district)")
    language: Mapped[str] = mapped_column(String(5), default="zh")
    contact_number: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    accounts: Mapped[list[Account]] = relationship(back_populates="customer")


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    contract_number: Mapped[str] = mapped_column(String(20), unique=True)
    balance_fen: Mapped[int] = mapped_column(
        default=0, comment="payments minus billed charges; negative means the customer owes"
    )
    credit_state: Mapped[str] = mapped_column(String(20), default="active")
    credit_state_since: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="accounts")
    lines: Mapped[list[Line]] = relationship(back_populates="account")


class CreditEvent(Base):
    """One transition of an account's credit state (arrears suspension, restore)."""

    __tablename__ = "credit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))
    effective_on: Mapped[str] = mapped_column(String(10), comment="ISO date the rule applied to")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Line(Base):
    __tablename__ = "lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    status: Mapped[str] = mapped_column(
        String(20), default="active", comment="active, stop_keep_number, closed"
    )
    call_forwarding_to: Mapped[str | None] = mapped_column(String(20))
    caller_id_enabled: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str | None] = mapped_column(String(5), comment="IVR language chosen on this line")

    pin_hash: Mapped[str | None] = mapped_column(String(64))
    pin_salt: Mapped[str | None] = mapped_column(String(32))
    pin_failures: Mapped[int] = mapped_column(default=0)
    pin_locked_until: Mapped[datetime | None]
    pin_changed_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship(back_populates="lines")
    plan: Mapped[Plan] = relationship()
