"""Bills with itemized call records, payments, prepaid recharge cards and idempotency records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.db.base import Base, utcnow


class Bill(Base):
    __tablename__ = "bills"
    __table_args__ = (UniqueConstraint("account_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    period: Mapped[date] = mapped_column(comment="first day of the billed month")
    amount_fen: Mapped[int]
    paid_fen: Mapped[int] = mapped_column(default=0)
    issued_on: Mapped[date]
    due_date: Mapped[date]

    items: Mapped[list[BillItem]] = relationship(back_populates="bill")

    @property
    def outstanding_fen(self) -> int:
        return self.amount_fen - self.paid_fen


class BillItem(Base):
    """One itemized record (清单): a call, an SMS bundle or the monthly fee."""

    __tablename__ = "bill_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("lines.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), comment="monthly_fee, local, long_distance, sms, data")
    started_at: Mapped[datetime | None]
    called_number: Mapped[str | None] = mapped_column(String(20))
    duration_s: Mapped[int] = mapped_column(default=0)
    charge_fen: Mapped[int]

    bill: Mapped[Bill] = relationship(back_populates="items")


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount_fen: Mapped[int]
    method: Mapped[str] = mapped_column(String(20), comment="card, agent, api, refund")
    reference: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RechargeCard(Base):
    """A prepaid card (缴费卡): serial + secret card PIN (hashed), single use."""

    __tablename__ = "recharge_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(64))
    pin_salt: Mapped[str] = mapped_column(String(32))
    face_value_fen: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="issued", comment="issued, used, void")
    expires_on: Mapped[date]
    used_at: Mapped[datetime | None]
    used_by_line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    """The first response to a money-moving request, replayed for retries with the same key."""

    __tablename__ = "idempotency_records"
    __table_args__ = (
        UniqueConstraint("owner", "key"),
        Index("ix_idempotency_records_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), comment="the API key (or agent) that sent it")
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), comment="in_flight, done")
    response_status: Mapped[int | None]
    response_body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
