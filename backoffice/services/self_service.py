"""Self-service line changes (业务受理): stop-and-keep-number / resume, call forwarding,
caller ID, plan change. Refused while the account has arrears; each change leaves a service
order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import Line, Plan
from backoffice.services.arrears import months_owed
from backoffice.services.audit import audit
from backoffice.services.lines import normalize_number
from backoffice.services.tickets import open_ticket

CHANGES = ("stop_keep_number", "call_forwarding", "caller_id", "plan")


@dataclass(frozen=True)
class ChangeOutcome:
    ok: bool
    reason: str | None = None  # arrears, already, invalid_target, not_allowed
    order_number: str | None = None


def _current(line: Line, change: str) -> bool:
    if change == "stop_keep_number":
        return line.status == "stop_keep_number"
    if change == "call_forwarding":
        return line.call_forwarding_to is not None
    return line.caller_id_enabled


def apply_change(db: Session, line: Line, change: str, enable: bool, target: str | None,
                 channel: str, actor: str, now: datetime) -> ChangeOutcome:
    if change not in CHANGES:
        raise ValueError(f"unknown change {change!r}")
    if line.status == "closed":
        return ChangeOutcome(False, "not_allowed")
    if months_owed(db, line.account_id, now.date()) > 0:
        return ChangeOutcome(False, "arrears")
    if change == "plan":
        return _change_plan(db, line, target or "", channel, actor, now)
    forward_to = normalize_number(target or "") if change == "call_forwarding" and enable else None
    if forward_to is not None and (not 5 <= len(forward_to) <= 20 or forward_to == line.number):
        return ChangeOutcome(False, "invalid_target")
    if _current(line, change) == enable and forward_to in (None, line.call_forwarding_to):
        return ChangeOutcome(False, "already")
    if change == "stop_keep_number":
        line.status = "stop_keep_number" if enable else "active"
    elif change == "call_forwarding":
        line.call_forwarding_to = forward_to
    else:
        line.caller_id_enabled = enable
    return _record(db, line, f"{change} {'on' if enable else 'off'}", channel, actor, now)


def _change_plan(db: Session, line: Line, code: str, channel: str, actor: str,
                 now: datetime) -> ChangeOutcome:
    plan = db.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        return ChangeOutcome(False, "invalid_target")
    if plan.id == line.plan_id:
        return ChangeOutcome(False, "already")
    line.plan_id = plan.id
    return _record(db, line, f"plan {code}", channel, actor, now)


def _record(db: Session, line: Line, summary: str, channel: str, actor: str,
            now: datetime) -> ChangeOutcome:
    order = open_ticket(
        db, type="service_order", subtype="change", summary=summary, channel=channel,
        actor=actor, now=now, customer_id=line.account.customer_id, line_id=line.id,
        status="closed", resolution="applied at once by self-service",
    )
    audit(db, actor, "line_feature_changed", "line", str(line.id), change=summary,
          order=order.number)
    return ChangeOutcome(True, order_number=order.number)
