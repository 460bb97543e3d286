"""Integrator API keys: `cc_<prefix>_<secret>`, stored only as a SHA-256 hash, with scopes.

The key carries 256 bits of randomness, so a fast hash is enough (nothing to brute-force);
the public prefix finds the row, and the hash is compared in constant time. The plain key
is shown once, when it is created, and never again.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from backoffice.db.models import ApiKey
from backoffice.services.audit import audit

KEY_PREFIX = "cc"
PREFIX_HEX_CHARS = 12
MAX_PRESENTED_KEY_CHARS = 200
MAX_NAME_CHARS = 48
TOUCH_EVERY = timedelta(minutes=1)
_KEY_SHAPE = re.compile(rf"{KEY_PREFIX}_([0-9a-f]{{{PREFIX_HEX_CHARS}}})_([A-Za-z0-9_-]{{20,}})")
_NAME_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")
# Hashed when a presented key names no stored prefix, so a miss costs what a hit costs.
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


class Scope(StrEnum):
    """What an API key may do. Read scopes never allow changes."""

    READ_CUSTOMERS = "read:customers"
    READ_BILLING = "read:billing"
    WRITE_PAYMENTS = "write:payments"
    WRITE_CARDS = "write:cards"
    READ_TICKETS = "read:tickets"
    WRITE_TICKETS = "write:tickets"
    READ_INCIDENTS = "read:incidents"
    WRITE_INCIDENTS = "write:incidents"
    ADMIN_WEBHOOKS = "admin:webhooks"  # outgoing webhooks: register receivers, read the log
    READ_REPORTS = "read:reports"  # service indicators, reports and staffing (issue 8)


ALL_SCOPES: tuple[str, ...] = tuple(s.value for s in Scope)


class InvalidApiKeyRequest(ValueError):
    """A key cannot be created as asked (bad name or scope); the message says why."""


@dataclass(frozen=True)
class IssuedApiKey:
    """A freshly created key. ``plaintext`` exists only here: show it once, then drop it."""

    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    plaintext: str

    def __repr__(self) -> str:  # the secret never reaches a log through a repr
        return f"IssuedApiKey(id={self.id}, name={self.name!r}, prefix={self.prefix!r})"


@dataclass(frozen=True)
class VerifiedApiKey:
    """The stored key a request presented, once checked: who it is and what it may do."""

    id: int
    name: str
    prefix: str
    scopes: frozenset[str]
    last_used_at: datetime | None


def hash_api_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def parse_scopes(text: str) -> tuple[str, ...]:
    """Scopes from "read:customers, write:payments" (comma or space separated) or "all"."""
    words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
    if words == ["all"]:
        return ALL_SCOPES
    unknown = sorted(set(words) - set(ALL_SCOPES))
    if unknown:
        raise InvalidApiKeyRequest(
            f"unknown scope(s) {', '.join(unknown)}; "
            f"known scopes: {', '.join(ALL_SCOPES)}, or 'all'")
    if not words:
        raise InvalidApiKeyRequest("give at least one scope (or 'all')")
    return tuple(s for s in ALL_SCOPES if s in words)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS or not _NAME_SHAPE.fullmatch(name):
        raise InvalidApiKeyRequest(
            f"the key name must be 1-{MAX_NAME_CHARS} characters: letters, digits, space . _ -")
    return name


def create_api_key(db: Session, name: str, scopes: Iterable[str], actor: str) -> IssuedApiKey:
    """Add a new key to the caller's transaction and return it with its plaintext."""
    name = _check_name(name)
    scope_list = parse_scopes(" ".join(scopes))
    while True:
        prefix = secrets.token_hex(PREFIX_HEX_CHARS // 2)
        if db.scalar(select(ApiKey.id).where(ApiKey.prefix == prefix)) is None:
            break
    plaintext = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name, prefix=prefix, key_hash=hash_api_key(plaintext),
                 scopes=list(scope_list))
    db.add(row)
    db.flush()
    audit(db, actor, "api_key_created", "api_key", prefix, name=name, scopes=list(scope_list))
    return IssuedApiKey(row.id, name, prefix, scope_list, plaintext)


def revoke_api_key(db: Session, prefix: str, actor: str, now: datetime) -> bool:
    """Revoke the key with this prefix; False when there is no such live key."""
    revoke = update(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))
    revoked = cast("CursorResult[Any]", db.execute(revoke.values(revoked_at=now))).rowcount
    if revoked:
        audit(db, actor, "api_key_revoked", "api_key", prefix)
    return bool(revoked)


def verify_api_key(db: Session, presented: str) -> VerifiedApiKey | None:
    """The live key matching ``presented``, or None (malformed, unknown, wrong or revoked)."""
    if len(presented) > MAX_PRESENTED_KEY_CHARS:
        return None
    shape = _KEY_SHAPE.fullmatch(presented)
    row = (db.scalar(select(ApiKey).where(ApiKey.prefix == shape.group(1)))
           if shape is not None else None)
    stored = row.key_hash if row is not None else _DUMMY_HASH
    matches = hmac.compare_digest(hash_api_key(presented).encode(), stored.encode())
    if row is None or not matches or row.revoked_at is not None:
        return None
    return VerifiedApiKey(row.id, row.name, row.prefix, frozenset(row.scopes or ()),
                          row.last_used_at)


def needs_touch(key: VerifiedApiKey, now: datetime) -> bool:
    return key.last_used_at is None or key.last_used_at < now - TOUCH_EVERY


def touch_api_key(db: Session, key_id: int, now: datetime) -> None:
    """Record use, at most once a minute per key: a busy integrator costs few writes."""
    db.execute(update(ApiKey).where(
        ApiKey.id == key_id,
        or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - TOUCH_EVERY),
    ).values(last_used_at=now))
