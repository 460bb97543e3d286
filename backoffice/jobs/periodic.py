"""Run a few housekeeping jobs, each every `interval_s`, in one background thread.

A job that fails is logged and tried again at its next turn: housekeeping must never take
the web process down, and a database hiccup must not stop SLA escalations for good.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    interval_s: float
    run: Callable[[], object]
    next_at: float = field(default=0.0)
    runs: int = 0
    failures: int = 0


class PeriodicJobs:
    def __init__(self, jobs: list[Job], clock: Callable[[], float] = time.monotonic) -> None:
        self.jobs = jobs
        self.clock = clock
        self.stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def run_due(self) -> list[str]:
        """Run every job whose turn has come; returns their names (for tests and logs)."""
        ran = []
        for job in self.jobs:
            now = self.clock()
            if now < job.next_at:
                continue
            job.next_at = now + job.interval_s
            job.runs += 1
            ran.append(job.name)
            try:
                job.run()
            except Exception:  # noqa: BLE001 - logged; the job's next turn tries again
                job.failures += 1
                log.exception("background job %s failed", job.name)
        return ran

    def seconds_to_next(self) -> float:
        return max(0.0, min((job.next_at for job in self.jobs), default=1.0) - self.clock())

    def loop(self) -> None:
        while not self.stopped.is_set():
            self.run_due()
            self.stopped.wait(self.seconds_to_next())

    def start(self) -> None:
        self._thread = threading.Thread(target=self.loop, name="background-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
