"""Agents (业务代表), supervisors and other desk users, their skills and state history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.db.base import Base, utcnow


class Skill(Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), comment="agent, qa, supervisor, department, admin")
    level: Mapped[int] = mapped_column(default=1, comment="1 junior .. 5 senior")
    is_general: Mapped[bool] = mapped_column(default=False, comment="综合台: takes every kind of call")
    extension: Mapped[str | None] = mapped_column(String(20), unique=True)
    department: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5), default="zh")
    state: Mapped[str] = mapped_column(String(16), default="logged_out")
    state_reason: Mapped[str | None] = mapped_column(String(40))
    state_since: Mapped[datetime] = mapped_column(default=utcnow)
    missed_offers: Mapped[int] = mapped_column(default=0, comment="consecutive unanswered offers")
    desk_seen_at: Mapped[datetime | None] = mapped_column(
        comment="last heartbeat of the agent's open desk; a desk gone quiet makes the agent not-ready")
    phone_registered: Mapped[bool] = mapped_column(
        default=True, comment="with a real switch: the SIP phone is registered (sofia events)")
    active: Mapped[bool] = mapped_column(default=True)

    skills: Mapped[list[AgentSkill]] = relationship(back_populates="agent")


class AgentSkill(Base):
    __tablename__ = "agent_skills"

    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), primary_key=True)
    level: Mapped[int] = mapped_column(default=1)

    agent: Mapped[Agent] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class AgentStateChange(Base):
    """Every agent state change, for occupancy and time-in-state reports."""

    __tablename__ = "agent_state_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
