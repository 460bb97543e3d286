"""Signatures receivers can check: derived secrets, the header, and verification."""

from __future__ import annotations

import hashlib
import hmac

from backoffice.security.webhook_signing import endpoint_secret, signature_header, verify

KEY = "a-signing-key-of-some-length"
BODY = b'{"id":"evt_ticket_1","type":"ticket.created"}'
T = 1_795_000_000


def test_secrets_are_derived_per_endpoint_and_stable() -> None:
    first = endpoint_secret(KEY, 1)
    assert first == endpoint_secret(KEY, 1)
    assert first != endpoint_secret(KEY, 2)
    assert first != endpoint_secret(KEY + "x", 1)
    assert first.startswith("whsec_") and len(first) == len("whsec_") + 64
    assert KEY not in first


def test_header_is_the_documented_hmac_of_timestamp_dot_body() -> None:
    secret = endpoint_secret(KEY, 7)
    expected = hmac.new(secret.encode(), f"{T}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert signature_header(secret, T, BODY) == f"t={T},v1={expected}"


def test_a_genuine_signature_verifies_within_the_tolerance() -> None:
    secret = endpoint_secret(KEY, 7)
    header = signature_header(secret, T, BODY)
    assert verify(secret, header, BODY, now=T)
    assert verify(secret, header, BODY, now=T + 300)
    assert verify(secret, header, BODY, now=T - 300)


def test_tampering_a_wrong_secret_or_an_old_timestamp_fail() -> None:
    secret = endpoint_secret(KEY, 7)
    header = signature_header(secret, T, BODY)
    assert not verify(secret, header, BODY + b" ", now=T)
    assert not verify(endpoint_secret(KEY, 8), header, BODY, now=T)
    assert not verify(secret, header, BODY, now=T + 301)
    forged_time = header.replace(f"t={T}", f"t={T + 60}")
    assert not verify(secret, forged_time, BODY, now=T + 60)


def test_malformed_headers_are_refused_without_errors() -> None:
    secret = endpoint_secret(KEY, 7)
    good = signature_header(secret, T, BODY)
    for header in ("", "t=,v1=", f"v1={good.split('v1=')[1]}", f"t=abc,{good.split(',')[1]}",
                   f"t=\u00b2,{good.split(',')[1]}", f"t={T},t={T},{good.split(',')[1]}",
                   "x" * 1000):
        assert not verify(secret, header, BODY, now=T), header


def test_several_v1_values_verify_when_one_matches() -> None:
    """Room for a key rotation: a receiver accepts if any v1 matches."""
    secret = endpoint_secret(KEY, 7)
    good = signature_header(secret, T, BODY)
    assert verify(secret, f"t={T},v1={'0' * 64},{good.split(',')[1]}", BODY, now=T)
