"""Keyed hashing of short numeric secrets (line PINs, recharge-card PINs).

A 6-digit secret has only 10**6 values, so a slow password hash would cost CPU at call rates
and still fall to an offline search. Instead the hash is HMAC-SHA256 keyed with a server
secret that never enters the database, over a per-record salt and the secret: a stolen table
alone is useless. Online guessing is stopped by the lockout in ``pins``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SALT_BYTES = 16


def new_salt() -> bytes:
    """Fresh random salt for one record."""
    return secrets.token_bytes(SALT_BYTES)


def _message(salt: bytes, secret: str) -> bytes:
    # The salt's length goes first so that (salt, secret) pairs can never collide by
    # shifting bytes between the two parts, whatever salt length a caller stores.
    return len(salt).to_bytes(2, "big") + salt + secret.encode("utf-8")


def hash_secret(key: bytes, salt: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of ``secret`` under the server ``key`` and the record's ``salt``."""
    if not isinstance(key, bytes) or not key:
        raise ValueError("the server key must be non-empty bytes")
    if not isinstance(salt, bytes) or not salt or len(salt) > 0xFFFF:
        raise ValueError("the salt must be non-empty bytes (use new_salt())")
    if not isinstance(secret, str):
        raise TypeError("the secret must be text")
    return hmac.new(key, _message(salt, secret), hashlib.sha256).hexdigest()


def secret_matches(key: bytes, salt: bytes, secret: str, stored_hash: str) -> bool:
    """True when ``secret`` hashes to ``stored_hash``; compared in constant time."""
    candidate = hash_secret(key, salt, secret)
    return hmac.compare_digest(candidate.encode("ascii"), stored_hash.encode("utf-8"))
