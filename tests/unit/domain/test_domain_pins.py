import hmac
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain import pins
from backoffice.domain.pins import (
    PinPolicy,
    PinRejected,
    PinState,
    after_failure,
    after_success,
    call_tries_left,
    hash_pin,
    is_locked,
    new_salt,
    pin_matches,
    validate_new_pin,
)

LINE = "+86 138-0013-8000"
KEY = b"server-secret-key-for-tests"
T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("pin", "code"),
    [
        ("12345", "not_six_digits"),
        ("1234567", "not_six_digits"),
        ("", "not_six_digits"),
        ("12a456", "not_six_digits"),
        ("12 456", "not_six_digits"),
        ("１３５７９２", "not_six_digits"),  # full-width digits
        ("१३५७९२", "not_six_digits"),  # Devanagari digits
        ("000000", "trivial"),
        ("999999", "trivial"),
        ("123456", "trivial"),
        ("654321", "trivial"),
        ("789012", "trivial"),
        ("210987", "trivial"),
        ("121212", "trivial"),
        ("123123", "trivial"),
        # LINE's digits are 8613800138000 ('+', spaces and dashes ignored)
        ("861380", "same_as_number"),  # starts in the country code
        ("138001", "same_as_number"),  # first six of the national number
        ("380013", "same_as_number"),  # from the middle
        ("138000", "same_as_number"),  # last six
    ],
)
def test_validate_new_pin_rejects(pin: str, code: str) -> None:
    with pytest.raises(PinRejected) as caught:
        validate_new_pin(pin, LINE)
    assert caught.value.code == code


def test_validate_new_pin_rejects_last_six_digits_of_the_line() -> None:
    with pytest.raises(PinRejected) as caught:
        validate_new_pin("538000", "13912538000")
    assert caught.value.code == "same_as_number"


@pytest.mark.parametrize("pin", ["135792", "902461", "480317", "112358", "000001", "831008"])
def test_validate_new_pin_accepts_ordinary_pins(pin: str) -> None:
    validate_new_pin(pin, LINE)


def test_pin_rejected_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        validate_new_pin("000000", LINE)


@settings(max_examples=200)
@given(st.text(max_size=8))
def test_rejection_message_and_repr_never_contain_digits(pin: str) -> None:
    for candidate in (pin, pin[:6].rjust(6, "0"), "111111", "138000"):
        try:
            validate_new_pin(candidate, LINE)
        except PinRejected as exc:
            for text in (str(exc), repr(exc), repr(exc.args)):
                assert not any(c.isdigit() for c in text), text


def test_new_salt_is_sixteen_random_bytes() -> None:
    salts = {new_salt() for _ in range(50)}
    assert len(salts) == 50
    assert all(isinstance(s, bytes) and len(s) == 16 for s in salts)


def test_hash_pin_is_hex_sha256_and_matches() -> None:
    salt = new_salt()
    stored = hash_pin(KEY, salt, "135792")
    assert len(stored) == 64 and int(stored, 16) >= 0
    assert "135792" not in stored
    assert pin_matches(KEY, salt, "135792", stored)
    assert not pin_matches(KEY, salt, "135793", stored)


def test_hash_differs_by_salt_and_by_key() -> None:
    salt_a, salt_b = b"a" * 16, b"b" * 16
    base = hash_pin(KEY, salt_a, "135792")
    assert hash_pin(KEY, salt_b, "135792") != base
    assert hash_pin(b"another-server-key", salt_a, "135792") != base
    assert not pin_matches(b"another-server-key", salt_a, "135792", base)
    assert not pin_matches(KEY, salt_b, "135792", base)


def test_pin_matches_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    salt = new_salt()
    stored = hash_pin(KEY, salt, "135792")
    assert pin_matches(KEY, salt, "135792", stored)
    assert not pin_matches(KEY, salt, "000000", stored)
    assert len(calls) == 2


def test_pin_matches_rejects_garbage_stored_hash_without_error() -> None:
    assert not pin_matches(KEY, new_salt(), "135792", "")
    assert not pin_matches(KEY, new_salt(), "135792", "not-a-hash-é")


@pytest.mark.parametrize(("key", "salt"), [(b"", b"s" * 16), (KEY, b""), ("text-key", b"s" * 16)])
def test_hashing_refuses_empty_or_wrong_key_and_salt(key: bytes, salt: bytes) -> None:
    with pytest.raises(ValueError):
        hash_pin(key, salt, "135792")


def test_salt_and_pin_cannot_be_shifted_into_each_other() -> None:
    # Without a length prefix salt b"ab" + "1" and salt b"a" + "b1" would hash alike.
    assert pins.hash_secret(KEY, b"ab", "1") != pins.hash_secret(KEY, b"a", "b1")


# --- lockout across calls -------------------------------------------------------------

POLICY = PinPolicy()  # 2 tries per call, lock after 3 failures, for 30 minutes


def test_default_policy_matches_the_specification() -> None:
    assert (POLICY.tries_per_call, POLICY.lock_after_failures, POLICY.lock_minutes) == (2, 3, 30)


def test_given_fresh_line_when_two_failures_then_not_locked() -> None:
    state = PinState()
    state = after_failure(state, T0, POLICY)
    state = after_failure(state, T0 + timedelta(seconds=10), POLICY)
    assert state == PinState(2, None)
    assert not is_locked(state, T0 + timedelta(seconds=11))


def test_given_two_failures_when_third_failure_then_locked_for_thirty_minutes() -> None:
    state = PinState(2)
    third = T0 + timedelta(hours=1)  # a later call
    state = after_failure(state, third, POLICY)
    assert state.locked_until == third + timedelta(minutes=30)
    assert is_locked(state, third)
    assert is_locked(state, third + timedelta(minutes=29, seconds=59))
    assert not is_locked(state, third + timedelta(minutes=30))


def test_given_locked_when_failure_reported_then_lock_is_not_extended() -> None:
    locked = PinState(3, T0 + timedelta(minutes=30))
    assert after_failure(locked, T0 + timedelta(minutes=10), POLICY) == locked


def test_given_expired_lock_when_failure_then_count_restarts_from_one() -> None:
    expired = PinState(3, T0)
    state = after_failure(expired, T0 + timedelta(minutes=1), POLICY)
    assert state == PinState(1, None)
    assert not is_locked(state, T0 + timedelta(minutes=1))


def test_given_failures_when_success_then_everything_resets() -> None:
    assert after_success(PinState(2)) == PinState(0, None)
    assert after_success(PinState(3, T0)) == PinState(0, None)


def test_custom_policy_is_honoured() -> None:
    policy = PinPolicy(tries_per_call=3, lock_after_failures=5, lock_minutes=60)
    state = PinState()
    for i in range(4):
        state = after_failure(state, T0 + timedelta(minutes=i), policy)
        assert not is_locked(state, T0 + timedelta(minutes=i))
    state = after_failure(state, T0 + timedelta(minutes=4), policy)
    assert state.locked_until == T0 + timedelta(minutes=64)


def test_policy_refuses_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        PinPolicy(lock_after_failures=0)


def test_call_tries_left() -> None:
    assert [call_tries_left(n, POLICY) for n in range(4)] == [2, 1, 0, 0]


@settings(max_examples=150)
@given(st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=45)), max_size=30))
def test_lockout_sequences_never_allow_more_than_the_limit_between_locks(
    events: list[tuple[bool, int]],
) -> None:
    """Simulate entries (ok?, minutes later); while locked entries are not checked."""
    state, now = PinState(), T0
    failures_since_unlock = 0
    for ok, minutes in events:
        now += timedelta(minutes=minutes)
        if is_locked(state, now):
            assert state.locked_until is not None and state.locked_until - now <= timedelta(
                minutes=POLICY.lock_minutes
            )
            continue
        if state.locked_until is not None:  # lock expired: clean slate
            failures_since_unlock = 0
        if ok:
            state, failures_since_unlock = after_success(state), 0
        else:
            state = after_failure(state, now, POLICY)
            failures_since_unlock += 1
        assert failures_since_unlock <= POLICY.lock_after_failures
        assert is_locked(state, now) == (failures_since_unlock == POLICY.lock_after_failures)
        assert state.consecutive_failures == failures_since_unlock
