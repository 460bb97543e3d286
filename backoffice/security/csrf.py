"""Synchronizer-token CSRF protection for the desk's forms (the token lives in the signed session)."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

SESSION_KEY = "csrf"


def csrf_token(session: dict[str, Any]) -> str:
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return str(token)


def csrf_ok(session: dict[str, Any], submitted: str | None) -> bool:
    expected = session.get(SESSION_KEY)
    return bool(expected and submitted and hmac.compare_digest(str(expected), submitted))
