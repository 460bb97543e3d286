"""The audit trail: every change and every access to sensitive data leaves a row here."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from backoffice.db.models import AuditLog


def audit(
    db: Session, actor: str, action: str, object_type: str, object_id: str | None,
    **details: Any,
) -> None:
    """Add an audit row to the caller's transaction (it commits with the change it records)."""
    db.add(AuditLog(actor=actor, action=action, object_type=object_type, object_id=object_id,
                    details=details))
