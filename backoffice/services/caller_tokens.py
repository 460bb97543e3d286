"""Short-lived proof that a caller entered the right PIN, bound to the call and the line.

Signed (itsdangerous), not stored: the back office can check it without a lookup, and a
token for one line can never be used for another, since every private read takes the line
from the token, never from the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "ivr-caller-token"


@dataclass(frozen=True)
class CallerToken:
    call_id: str
    line_id: int


class CallerTokens:
    def __init__(self, secret: str, ttl_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self._ttl_s = ttl_s

    def issue(self, call_id: str, line_id: int) -> str:
        return self._serializer.dumps({"c": call_id, "l": line_id})

    def read(self, token: str) -> CallerToken | None:
        """The token's claims, or None when it is forged, malformed or expired."""
        try:
            data = self._serializer.loads(token, max_age=self._ttl_s)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("l"), int):
            return None
        return CallerToken(call_id=str(data.get("c", "")), line_id=data["l"])
