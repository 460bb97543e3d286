"""Housekeeping jobs run on their own intervals and survive a failing job."""

from __future__ import annotations

import threading

import pytest

from backoffice.jobs.periodic import Job, PeriodicJobs


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_job_runs_at_its_own_interval() -> None:
    clock = FakeClock()
    jobs = PeriodicJobs([Job("fast", 10, lambda: None), Job("slow", 60, lambda: None)], clock)
    assert jobs.run_due() == ["fast", "slow"]
    clock.now += 10
    assert jobs.run_due() == ["fast"]
    clock.now += 49
    assert jobs.run_due() == ["fast"]
    clock.now += 1
    assert jobs.run_due() == ["slow"]
    assert jobs.seconds_to_next() == pytest.approx(9)


def test_a_failing_job_is_counted_and_tried_again_while_others_go_on() -> None:
    clock = FakeClock()
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("database went away")

    jobs = PeriodicJobs([Job("broken", 5, broken), Job("fine", 5, lambda: calls.append("fine"))], clock)
    jobs.run_due()
    clock.now += 5
    jobs.run_due()
    assert calls == ["broken", "fine", "broken", "fine"]
    assert jobs.jobs[0].failures == 2


def test_the_thread_runs_jobs_and_stops_promptly() -> None:
    ran = threading.Event()
    jobs = PeriodicJobs([Job("signal", 3600, ran.set)])
    jobs.start()
    try:
        assert ran.wait(timeout=5)
    finally:
        jobs.stop()
    assert jobs._thread is not None and not jobs._thread.is_alive()
