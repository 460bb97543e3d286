"""When to try a failed webhook delivery again (pure: no clock, no randomness of its own).

Waits grow roughly tenfold at first, then flatten: a receiver that blips for a second
gets the event within a minute, one that is down for an afternoon still gets it, and
after `MAX_ATTEMPTS` tries (about 10 hours) the delivery is given up as failed. Each wait
is spread by up to ±`JITTER` so that events queued together during an outage do not all
hit the receiver again in the same second when it comes back.
"""

from __future__ import annotations

from datetime import timedelta

# The wait after the 1st, 2nd, ... failed try. One more try than waits: the last failure ends it.
RETRY_WAITS: tuple[timedelta, ...] = (
    timedelta(seconds=10), timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
    timedelta(hours=1), timedelta(hours=3), timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_WAITS) + 1
JITTER = 0.2


def wait_before_retry(failed_attempts: int, spread: float) -> timedelta | None:
    """How long to wait after ``failed_attempts`` failed tries, or None: give up.

    ``spread`` is a number in [0, 1) (e.g. `random.random()`); 0.5 gives the nominal wait.
    """
    if failed_attempts < 1:
        raise ValueError("a retry follows at least one failed attempt")
    if not 0.0 <= spread < 1.0:
        raise ValueError("spread must be in [0, 1)")
    if failed_attempts >= MAX_ATTEMPTS:
        return None
    nominal = RETRY_WAITS[failed_attempts - 1]
    return nominal * (1 + JITTER * (2 * spread - 1))
