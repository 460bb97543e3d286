"""Short-lived proof that a caller entered the right PIN, bound to the call and the line.

Signed, not stored: the back office can check it without a lookup, and a token for one
line can never be used for another, since every private read takes the line from the
token, never from the request.

The format is our own, `<body>.<mac>`: body = base64url("<line id>:<issued at>:<call id>"),
mac = base64url(HMAC-SHA256(key, body)), the key derived once from the secret. It is issued
on every PIN check and read on every private IVR request, and this costs a few microseconds
where itsdangerous's serializer cost about 100 (JSON, key derivation per call).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass

SALT = b"ivr-caller-token"


@dataclass(frozen=True)
class CallerToken:
    call_id: str
    line_id: int


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CallerTokens:
    def __init__(self, secret: str, ttl_s: int, clock: Callable[[], float] = time.time) -> None:
        # A key of its own (domain-separated from every other use of the secret).
        self._key = hmac.digest(secret.encode("utf-8"), SALT, "sha256")
        self._ttl_s = ttl_s
        self._clock = clock

    def _mac(self, body: str) -> str:
        return _b64(hmac.digest(self._key, body.encode("ascii"), "sha256"))

    def issue(self, call_id: str, line_id: int) -> str:
        body = _b64(f"{line_id}:{int(self._clock())}:{call_id}".encode())
        return f"{body}.{self._mac(body)}"

    def read(self, token: str) -> CallerToken | None:
        """The token's claims, or None when it is forged, malformed or expired."""
        body, _, mac = token.rpartition(".")
        if not body or not body.isascii() or not mac.isascii():
            return None
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            line_id, issued, call_id = _unb64(body).decode("utf-8").split(":", 2)
            age = self._clock() - int(issued)
            claims = CallerToken(call_id=call_id, line_id=int(line_id))
        except (ValueError, binascii.Error):
            return None
        if not 0 <= age <= self._ttl_s:  # expired, or from the future (a clock jump)
            return None
        return claims
