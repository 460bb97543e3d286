"""`EventLog`: what happened on one simulated call, numbered, for the page to long-poll.

The engine thread appends; request handlers on the event loop wait for events after a
sequence number. Waiters are woken across threads with `call_soon_threadsafe`, so a poll
returns as soon as something happens, and at once when the call is over.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from typing import Any

MAX_EVENTS = 2000  # a call is bounded by the menus' retry limits; this bounds memory anyway


class EventLog:
    def __init__(self, max_events: int = MAX_EVENTS) -> None:
        self._lock = threading.Lock()
        self._events: deque[dict[str, Any]] = deque(maxlen=max_events)
        self._last_seq = 0
        self._closed = False
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    @property
    def closed(self) -> bool:
        """True when the call is over: no event will follow."""
        return self._closed

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def append(self, kind: str, **fields: Any) -> int:
        """Add an event (`{"seq", "type", ...}`) and wake the waiters; returns its seq."""
        with self._lock:
            if self._closed:
                return self._last_seq
            self._last_seq += 1
            self._events.append({"seq": self._last_seq, "type": kind, **fields})
            seq = self._last_seq
        self._wake()
        return seq

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._wake()

    def after(self, seq: int) -> list[dict[str, Any]]:
        with self._lock:
            return [event for event in self._events if event["seq"] > seq]

    def all(self) -> list[dict[str, Any]]:
        return self.after(0)

    async def wait_after(self, seq: int, timeout_s: float) -> list[dict[str, Any]]:
        """Events after `seq`, waiting up to `timeout_s` for the first one."""
        loop = asyncio.get_running_loop()
        woken = asyncio.Event()
        waiter = (loop, woken)
        with self._lock:
            if self._closed or self._last_seq > seq:
                return [event for event in self._events if event["seq"] > seq]
            self._waiters.add(waiter)
        try:
            await asyncio.wait_for(woken.wait(), timeout_s)
        except TimeoutError:
            pass
        finally:
            with self._lock:
                self._waiters.discard(waiter)
        return self.after(seq)

    def _wake(self) -> None:
        with self._lock:
            waiters = list(self._waiters)
        for loop, woken in waiters:
            try:
                loop.call_soon_threadsafe(woken.set)
            except RuntimeError:  # that request's loop has closed: nobody is waiting there
                pass
