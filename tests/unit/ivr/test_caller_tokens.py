"""Caller tokens: bound to the call and the line, signed, short-lived; anything else is refused."""

from __future__ import annotations

import base64

from hypothesis import given
from hypothesis import strategies as st

from backoffice.services.caller_tokens import CallerToken, CallerTokens

SECRET = "a-secret-of-at-least-sixteen-chars"
TTL_S = 900


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _body(claims: str) -> str:
    return base64.urlsafe_b64encode(claims.encode()).rstrip(b"=").decode()


call_ids = st.from_regex(r"[A-Za-z0-9._:-]{1,64}", fullmatch=True)


@given(call_id=call_ids, line_id=st.integers(min_value=1, max_value=2**53))
def test_a_token_reads_back_as_the_call_and_line_it_was_issued_for(call_id: str, line_id: int) -> None:
    tokens = CallerTokens(SECRET, TTL_S)
    assert tokens.read(tokens.issue(call_id, line_id)) == CallerToken(call_id=call_id, line_id=line_id)


def test_a_token_expires_after_its_time_to_live_and_is_refused_from_the_future() -> None:
    clock = Clock()
    tokens = CallerTokens(SECRET, TTL_S, clock=clock)
    token = tokens.issue("call-1", 7)
    clock.now += TTL_S
    assert tokens.read(token) == CallerToken("call-1", 7)
    clock.now += 1
    assert tokens.read(token) is None
    clock.now -= TTL_S + 10  # issued "after" now: a clock that jumped back
    assert tokens.read(token) is None


def test_another_secret_does_not_accept_the_token() -> None:
    token = CallerTokens(SECRET, TTL_S).issue("call-1", 7)
    assert CallerTokens(SECRET + "x", TTL_S).read(token) is None


def test_changing_the_line_or_the_call_in_a_token_breaks_its_signature() -> None:
    clock = Clock()
    tokens = CallerTokens(SECRET, TTL_S, clock=clock)
    body, mac = tokens.issue("call-1", 7).split(".")
    issued = int(clock.now)
    assert tokens.read(f"{_body(f'7:{issued}:call-1')}.{mac}") == CallerToken("call-1", 7)
    assert tokens.read(f"{_body(f'8:{issued}:call-1')}.{mac}") is None
    assert tokens.read(f"{_body(f'7:{issued}:call-2')}.{mac}") is None
    assert tokens.read(f"{_body(f'7:{issued + 600}:call-1')}.{mac}") is None


@given(st.text(max_size=200))
def test_garbage_is_refused_never_raises(garbage: str) -> None:
    assert CallerTokens(SECRET, TTL_S).read(garbage) is None


def test_a_validly_signed_but_malformed_body_is_refused() -> None:
    tokens = CallerTokens(SECRET, TTL_S)
    for claims in ("7", "x:1:call", "7:soon:call", "", "7:1"):
        body = _body(claims)
        assert tokens.read(f"{body}.{tokens._mac(body)}") is None, claims
