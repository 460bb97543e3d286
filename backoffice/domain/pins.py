"""PIN policy: which new PINs are allowed, how PINs are hashed, and lockout across calls.

PIN digits must never reach a log, an exception message, a repr or an event, so nothing
here puts the PIN (or any digit) into text.

Lockout counts every wrong entry, across calls, until a correct one. When the count reaches
``lock_after_failures`` the PIN is locked for ``lock_minutes``. Once that lock has expired the
line is unlocked and the count starts again from zero (choice: an expired lock is a clean
slate, so a single later mistake does not lock the line again at once). A PIN whose owner is
locked out repeatedly is reset by an agent who has checked the customer's identity document;
that reset is ``after_success`` plus a new hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from backoffice.domain.keyed_hash import hash_secret, new_salt, secret_matches

__all__ = [
    "DEFAULT_PIN_POLICY",
    "PIN_LENGTH",
    "PinPolicy",
    "PinRejected",
    "PinState",
    "after_failure",
    "after_success",
    "call_tries_left",
    "hash_pin",
    "hash_secret",
    "is_locked",
    "new_salt",
    "pin_matches",
    "validate_new_pin",
]

PIN_LENGTH = 6


@dataclass(frozen=True)
class PinPolicy:
    """Limits from the operator specification: two tries per call, lock after repeats."""

    tries_per_call: int = 2
    lock_after_failures: int = 3
    lock_minutes: int = 30

    def __post_init__(self) -> None:
        if self.tries_per_call < 1 or self.lock_after_failures < 1 or self.lock_minutes < 1:
            raise ValueError("PIN policy limits must all be at least 1")


class PinRejected(ValueError):
    """A proposed new PIN is not acceptable. ``code`` is stable; the message has no digits."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


_MESSAGES = {
    "not_six_digits": "a PIN must be exactly six digits",
    "trivial": "this PIN is too easy to guess; avoid repeated digits, runs and patterns",
    "same_as_number": "a PIN must not be taken from the phone number",
}


DEFAULT_PIN_POLICY = PinPolicy()


def _reject(code: str) -> PinRejected:
    return PinRejected(code, _MESSAGES[code])


def _is_six_ascii_digits(pin: object) -> bool:
    return isinstance(pin, str) and len(pin) == PIN_LENGTH and pin.isascii() and pin.isdigit()


def _is_trivial(pin: str) -> bool:
    """All one digit, a run up or down (wrapping 9->0, e.g. 789012), or a short repeat."""
    digits = [int(c) for c in pin]
    steps = {(b - a) % 10 for a, b in pairwise(digits)}
    if steps in ({0}, {1}, {9}):
        return True
    # Period-2 and period-3 patterns such as 121212 and 123123.
    return pin == pin[:2] * 3 or pin == pin[:3] * 2


def validate_new_pin(pin: str, line_number: str) -> None:
    """Raise PinRejected unless ``pin`` is an acceptable new PIN for ``line_number``.

    Codes: ``not_six_digits``, ``trivial``, ``same_as_number`` (any six consecutive digits
    of the line's own number, ignoring '+', spaces and dashes).
    """
    if not _is_six_ascii_digits(pin):
        raise _reject("not_six_digits")
    if _is_trivial(pin):
        raise _reject("trivial")
    number_digits = "".join(c for c in line_number if c.isascii() and c.isdigit())
    if pin in number_digits:
        raise _reject("same_as_number")


def hash_pin(key: bytes, salt: bytes, pin: str) -> str:
    """Stored form of a line PIN (keyed HMAC-SHA256, hex)."""
    return hash_secret(key, salt, pin)


def pin_matches(key: bytes, salt: bytes, pin: str, stored_hash: str) -> bool:
    """True when ``pin`` is the line's PIN; constant-time comparison."""
    return secret_matches(key, salt, pin, stored_hash)


@dataclass(frozen=True)
class PinState:
    """Lockout bookkeeping stored with the line."""

    consecutive_failures: int = 0
    locked_until: datetime | None = None

    def __post_init__(self) -> None:
        if self.consecutive_failures < 0:
            raise ValueError("consecutive_failures cannot be negative")


def is_locked(state: PinState, now: datetime) -> bool:
    """True while a lock is in force; an expired lock counts as unlocked."""
    return state.locked_until is not None and now < state.locked_until


def after_failure(
    state: PinState, now: datetime, policy: PinPolicy = DEFAULT_PIN_POLICY
) -> PinState:
    """State after one wrong PIN entry.

    An entry made while locked should not have been checked at all; it changes nothing,
    so it neither counts nor extends the lock.
    """
    if is_locked(state, now):
        return state
    failures = 0 if state.locked_until is not None else state.consecutive_failures
    failures += 1
    if failures >= policy.lock_after_failures:
        return PinState(failures, now + timedelta(minutes=policy.lock_minutes))
    return PinState(failures)


def after_success(state: PinState) -> PinState:
    """State after a correct PIN (or an agent's identity-checked reset): all clear."""
    return PinState()


def call_tries_left(failures_this_call: int, policy: PinPolicy = DEFAULT_PIN_POLICY) -> int:
    """Tries the caller still has in this call; at 0 the service ends politely."""
    return max(policy.tries_per_call - failures_this_call, 0)
