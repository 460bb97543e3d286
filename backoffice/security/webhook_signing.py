"""Signatures on outgoing webhooks, so a receiver can tell our POSTs from forgeries.

Each endpoint has its own secret, derived from the configured `webhook_signing_key`:
``whsec_`` + hex(HMAC-SHA256(key, "endpoint:<id>")). The database holds no secret; the API
shows an endpoint's secret when it is created (and to admins on request).

Every POST carries::

    X-Callcenter-Event-Id: evt_ticket_42        (the same on every retry: dedupe on it)
    X-Callcenter-Signature: t=1795000000,v1=<hex>

where ``v1`` is hex(HMAC-SHA256(secret, f"{t}.{raw body}")), the secret's UTF-8 bytes being
the HMAC key and ``t`` the Unix time the try was signed. To verify, a receiver recomputes
``v1`` over the raw body exactly as received (before parsing JSON), compares in constant
time, and refuses a ``t`` more than a few minutes from its own clock (replays). `verify`
below does all three; docs/webhooks.md has a stand-alone receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import re

SIGNATURE_HEADER = "X-Callcenter-Signature"
EVENT_ID_HEADER = "X-Callcenter-Event-Id"
EVENT_TYPE_HEADER = "X-Callcenter-Event-Type"
SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE_S = 300
MAX_HEADER_CHARS = 400
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def endpoint_secret(signing_key: str, endpoint_id: int) -> str:
    """The endpoint's secret: stable while the key is, different for every endpoint."""
    digest = hmac.new(signing_key.encode(), f"endpoint:{endpoint_id}".encode(), hashlib.sha256)
    return SECRET_PREFIX + digest.hexdigest()


def _v1(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of `X-Callcenter-Signature` for ``body`` signed at ``timestamp``."""
    return f"t={timestamp},v1={_v1(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, now: int,
           tolerance_s: int = DEFAULT_TOLERANCE_S) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` within ``tolerance_s`` of ``now``."""
    if len(header) > MAX_HEADER_CHARS:
        return False
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    stamps = fields.get("t", [])
    if len(stamps) != 1 or not _TIMESTAMP.fullmatch(stamps[0]) \
            or abs(now - int(stamps[0])) > tolerance_s:
        return False
    expected = _v1(secret, int(stamps[0]), body)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))
