"""Calls as the IVR saw them, places in the agent queue, survey answers and the blacklist."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base, utcnow


class Call(Base):
    """Indexed only on what is looked up (the call's uuid, the day it started): every PIN
    check inserts a row, and each further index is one more random B-tree page it writes."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_uuid: Mapped[str] = mapped_column(String(64), unique=True)
    caller_number: Mapped[str] = mapped_column(String(20))
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    direction: Mapped[str] = mapped_column(String(8), default="inbound")
    language: Mapped[str | None] = mapped_column(String(5))
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ended_at: Mapped[datetime | None]
    ivr_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(32))
    contained: Mapped[bool] = mapped_column(default=False)
    verified: Mapped[bool] = mapped_column(default=False)
    recording_path: Mapped[str | None] = mapped_column(String(200))


class QueueEntry(Base):
    """One caller's place in the agent queue, from enqueue to answer, abandon or callback."""

    __tablename__ = "queue_entries"
    __table_args__ = (Index("ix_queue_entries_status_skill", "status", "skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_uuid: Mapped[str] = mapped_column(String(64), index=True)
    caller_number: Mapped[str] = mapped_column(String(20))
    skill: Mapped[str] = mapped_column(String(32))
    priority: Mapped[int] = mapped_column(default=0)
    vip_level: Mapped[int] = mapped_column(default=0)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    line_id: Mapped[int | None] = mapped_column(ForeignKey("lines.id"))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(
        String(16), default="waiting",
        comment="waiting, offered, answered, completed, abandoned; callback entries keep "
                "their place with callback_number set",
    )
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
    offered_at: Mapped[datetime | None]
    offered_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    answered_at: Mapped[datetime | None]
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    ended_at: Mapped[datetime | None]
    callback_number: Mapped[str | None] = mapped_column(String(20))
    transferred_from_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    announced_wait_s: Mapped[int | None]
    last_announced_at: Mapped[datetime | None]
    agent_leg_uuid: Mapped[str | None] = mapped_column(String(64), index=True)
    missed_agent_ids: Mapped[list[int]] = mapped_column(
        JSON, default=list, comment="agents that did not answer this call: not offered it again")
    callback_requested_at: Mapped[datetime | None]


class SurveyAnswer(Base):
    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    score: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Blacklist(Base):
    """Numbers refused politely (malicious callers)."""

    __tablename__ = "blacklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
