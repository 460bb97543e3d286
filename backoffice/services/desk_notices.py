"""Information release (信息发布): supervisors push notices (an outage, a new tariff) to
every agent's desk; the desks show the active ones live."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from backoffice.db.models import Agent, Notice
from backoffice.services.audit import audit

LEVELS = ("info", "warning")
MAX_TEXT = 500
SHOWN = 5
LIFETIMES_MIN = (30, 60, 120, 240, 480, 1440)


class NoticeRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def post_notice(db: Session, author: Agent, text: str, level: str, minutes: int,
                now: datetime) -> Notice:
    text = text.strip()
    if not text:
        raise NoticeRefused("notice_empty")
    if level not in LEVELS or minutes not in LIFETIMES_MIN:
        raise NoticeRefused("bad_request")
    notice = Notice(text=text[:MAX_TEXT], level=level, created_by=author.username,
                    created_at=now, expires_at=now + timedelta(minutes=minutes))
    db.add(notice)
    db.flush()
    audit(db, f"agent:{author.username}", "notice_posted", "notice", str(notice.id),
          level=level, minutes=minutes)
    return notice


def withdraw_notice(db: Session, author: Agent, notice_id: int, now: datetime) -> bool:
    notice = db.get(Notice, notice_id)
    if notice is None or (notice.expires_at is not None and notice.expires_at <= now):
        return False
    notice.expires_at = now
    audit(db, f"agent:{author.username}", "notice_withdrawn", "notice", str(notice.id))
    return True


def active_notices(db: Session, now: datetime, limit: int = SHOWN) -> list[Notice]:
    return list(db.scalars(select(Notice).where(
        or_(Notice.expires_at.is_(None), Notice.expires_at > now))
        .order_by(Notice.created_at.desc(), Notice.id.desc()).limit(limit)))
