"""Run the dispatcher every `interval_s` until told to stop (a thread in the web process with
the simulated switch, or the main loop of `callcenter esl` / `callcenter dispatch`)."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from backoffice.acd.dispatcher import Dispatcher

log = logging.getLogger(__name__)


class DispatcherLoop:
    def __init__(self, dispatcher: Dispatcher, interval_s: float = 0.25) -> None:
        self.dispatcher = dispatcher
        self.interval_s = interval_s
        self.stopped = threading.Event()
        self._woken = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """Tick now instead of at the next interval (an agent just became available, a
        caller just joined): keeps "available → offered" to one dispatch, not an interval."""
        self._woken.set()

    def run(self, seconds: float | None = None) -> int:
        """Tick until stopped (or for `seconds`); returns the number of ticks."""
        ticks = 0
        deadline = None if seconds is None else self.dispatcher.clock().timestamp() + seconds
        while not self.stopped.is_set():
            try:
                self.dispatcher.tick()
            except (SQLAlchemyError, TimeoutError) as exc:  # the next tick tries again
                log.warning("dispatcher tick failed: %s", type(exc).__name__)
            ticks += 1
            if deadline is not None and self.dispatcher.clock().timestamp() >= deadline:
                break
            self._woken.wait(self.interval_s)
            self._woken.clear()
        return ticks

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="acd-dispatcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self._woken.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
