"""The log pipeline replaces secret-looking fields, so a PIN passed by mistake never prints."""

from __future__ import annotations

from backoffice.logs import REDACTED, redact_secrets


def test_secret_fields_are_redacted_and_others_kept() -> None:
    event = {"event": "verify", "pin": "135790", "card_pin": "1111", "password": "x",
             "authorization": "Bearer abc", "number": "13800000001"}
    out = redact_secrets(None, "info", dict(event))
    assert out["pin"] == out["card_pin"] == out["password"] == out["authorization"] == REDACTED
    assert out["number"] == "13800000001"
    assert "135790" not in repr(out)
