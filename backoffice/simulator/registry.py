"""`CallRegistry`: the browser simulator's calls in progress, each with its engine thread.

A call is started with a factory for the back-office adapter (the engine talks to the
back office over HTTP, exactly as inside FreeSWITCH) and runs `run_call` in a daemon
thread. The page proves it is still there by polling; a call nobody has polled for
`idle_timeout_s` is hung up by its own channel, so a closed tab never leaves a thread
waiting. Ended calls are kept a little while so the page can read the last events.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from backoffice.logs import get_logger
from backoffice.simulator.browser_channel import BrowserChannel
from backoffice.simulator.events import EventLog
from fs_scripts.backoffice_port import BackOffice
from fs_scripts.channel import Language
from fs_scripts.flows import FlowConfig, run_call

log = get_logger(__name__)

MAX_CALLS = 16
IDLE_TIMEOUT_S = 45.0
KEEP_ENDED_S = 120.0


class ClosableBackOffice(BackOffice, Protocol):
    def close(self) -> None: ...


class TooManyCalls(Exception):
    """The simulator already carries its maximum of calls."""


@dataclass
class SimulatedCall:
    call_id: str
    caller_number: str
    channel: BrowserChannel
    events: EventLog
    last_seen: float
    ended_at: float | None = None
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def ended(self) -> bool:
        return self.events.closed


class CallRegistry:
    def __init__(
        self,
        *,
        max_calls: int = MAX_CALLS,
        idle_timeout_s: float = IDLE_TIMEOUT_S,
        keep_ended_s: float = KEEP_ENDED_S,
        pace_audio: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_calls = max_calls
        self.idle_timeout_s = idle_timeout_s
        self.keep_ended_s = keep_ended_s
        self.pace_audio = pace_audio
        self._clock = clock
        self._lock = threading.Lock()
        self._calls: dict[str, SimulatedCall] = {}

    def start(
        self,
        caller_number: str,
        language: Language,
        backoffice: Callable[[], ClosableBackOffice],
    ) -> SimulatedCall:
        """Dial in: a new call whose engine thread is already running."""
        call_id = f"sim-{secrets.token_hex(16)}"
        events = EventLog()
        with self._lock:
            self._forget_old()
            if sum(not call.ended for call in self._calls.values()) >= self.max_calls:
                raise TooManyCalls
            channel = BrowserChannel(
                call_id, caller_number, events, language=language, pace_audio=self.pace_audio,
                browser_gone=lambda: self._clock() - call.last_seen > self.idle_timeout_s,
                clock=self._clock)
            call = SimulatedCall(call_id, caller_number, channel, events, self._clock())
            self._calls[call_id] = call
        call.thread = threading.Thread(
            target=self._run, args=(call, backoffice, FlowConfig(default_language=language)),
            name=f"simulator-{call_id[:12]}", daemon=True)
        call.thread.start()
        log.info("simulated call started", call_id=call_id)
        return call

    def get(self, call_id: str) -> SimulatedCall | None:
        """The call, marked as seen by its page just now (None if unknown or forgotten)."""
        with self._lock:
            self._forget_old()
            call = self._calls.get(call_id)
            if call is not None:
                call.last_seen = self._clock()
            return call

    def active(self) -> list[SimulatedCall]:
        with self._lock:
            return [call for call in self._calls.values() if not call.ended]

    def hang_up_all(self) -> None:
        """Hang every call up (shutdown, tests)."""
        for call in self.active():
            call.channel.caller_hangs_up(reason="shutdown")

    def _forget_old(self) -> None:
        now = self._clock()
        for call_id, call in list(self._calls.items()):
            if call.ended_at is not None and now - call.ended_at > self.keep_ended_s:
                del self._calls[call_id]

    def _run(self, call: SimulatedCall, backoffice: Callable[[], ClosableBackOffice],
             config: FlowConfig) -> None:
        office: ClosableBackOffice | None = None
        try:
            office = backoffice()
            outcome = run_call(call.channel, office, config=config)
            call.events.append("ended", outcome=outcome.outcome, contained=outcome.contained,
                               transferred_to=outcome.transferred_to)
        except Exception:  # never let a thread die silently: the page must hear the end
            log.exception("simulated call failed", call_id=call.call_id)
            call.events.append("ended", outcome="error", contained=False, transferred_to=None)
        finally:
            if office is not None:
                office.close()
            call.ended_at = self._clock()
            call.events.close()
            log.info("simulated call ended", call_id=call.call_id)
