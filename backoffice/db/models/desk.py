"""What agents write and read on the desk: call summaries (电话小结) and supervisors' notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base, utcnow


class CallSummary(Base):
    """The agent's summary of one handled call: notes and a disposition code."""

    __tablename__ = "call_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    queue_entry_id: Mapped[int] = mapped_column(ForeignKey("queue_entries.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    disposition: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Notice(Base):
    """A message pushed by a supervisor to every agent's desk (outage, new tariff)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(10), default="info", comment="info, warning")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    expires_at: Mapped[datetime | None]
