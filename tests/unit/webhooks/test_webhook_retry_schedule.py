"""The retry schedule: growing waits with bounded jitter, then giving up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.domain.webhook_retry import JITTER, MAX_ATTEMPTS, RETRY_WAITS, wait_before_retry


def test_nominal_waits_follow_the_published_schedule() -> None:
    waits = [wait_before_retry(n, 0.5) for n in range(1, MAX_ATTEMPTS)]
    assert waits == [timedelta(seconds=10), timedelta(seconds=30), timedelta(minutes=2),
                     timedelta(minutes=10), timedelta(hours=1), timedelta(hours=3),
                     timedelta(hours=6)]


def test_after_the_last_attempt_there_is_no_retry() -> None:
    assert MAX_ATTEMPTS == 8
    assert wait_before_retry(MAX_ATTEMPTS, 0.5) is None
    assert wait_before_retry(MAX_ATTEMPTS + 3, 0.5) is None  # a manual retry that failed again


@given(failed=st.integers(1, MAX_ATTEMPTS - 1), spread=st.floats(0, 1, exclude_max=True))
def test_jitter_stays_within_its_band_and_waits_never_shrink(failed: int, spread: float) -> None:
    wait = wait_before_retry(failed, spread)
    nominal = RETRY_WAITS[failed - 1]
    assert wait is not None
    assert nominal * (1 - JITTER) <= wait <= nominal * (1 + JITTER)
    if failed > 1:  # even the shortest wait beats the longest one before it
        assert wait >= RETRY_WAITS[failed - 2] * (1 + JITTER)


def test_whole_schedule_spans_about_ten_hours() -> None:
    total = sum(RETRY_WAITS, timedelta())
    assert timedelta(hours=9) < total < timedelta(hours=11)


@pytest.mark.parametrize(("failed", "spread"), [(0, 0.5), (1, 1.0), (1, -0.1)])
def test_nonsense_arguments_are_refused(failed: int, spread: float) -> None:
    with pytest.raises(ValueError):
        wait_before_retry(failed, spread)
