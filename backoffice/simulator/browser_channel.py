"""`BrowserChannel`: the `Channel` port for a person phoning from the browser simulator.

The engine runs in its own thread and never waits for real audio: `play` publishes the
prompts (with captions, WAV urls and lengths) as an event and returns at once, and the
page plays them in order. Timeouts still behave like a phone, because the channel keeps
an audio clock — when the prompts sent so far will have finished playing — and a
`collect` starts counting its timeout only from there. A key that answers a collect cuts
its prompts (the page is told by the "input" event), as a key press does on a phone.

Keys the caller presses before a collect is waiting are kept (type-ahead, as a switch
buffers DTMF), except that a terminator pressed straight after a complete entry belongs
to that entry ("135790#" when the PIN is six digits). PIN digits only ever sit in the key
buffer: the "input" event of a secret entry says "******".
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from backoffice.simulator.events import EventLog
from backoffice.simulator.keys import MASK
from backoffice.simulator.prompt_media import PromptMedia, describe
from fs_scripts.channel import Language

MAX_BUFFERED_KEYS = 64
WAKE_EVERY_S = 0.5  # a waiting collect looks this often whether the browser went away


class CallOver(Exception):
    """Keys were sent to a call that has left the IVR or been hung up."""


class BrowserChannel:
    def __init__(
        self,
        call_id: str,
        caller_number: str,
        events: EventLog,
        *,
        language: Language = "zh",
        pace_audio: bool = True,
        browser_gone: Callable[[], bool] = lambda: False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.call_id = call_id
        self.caller_number = caller_number
        self.language: Language = language
        self.events = events
        self._pace_audio = pace_audio
        self._browser_gone = browser_gone
        self._clock = clock
        self._cond = threading.Condition()
        self._keys: deque[str] = deque()
        self._caller_gone = False
        self._left_ivr = False
        self._audio_end = 0.0
        self._swallow: tuple[str, float] | None = None  # (terminators, until)

    # --- the caller's side (request handlers) ---------------------------------------

    def press(self, keys: str) -> None:
        """Keys from the keypad (already checked to be 0-9 * #)."""
        with self._cond:
            if not self._live():
                raise CallOver
            now = self._clock()
            for key in keys:
                if self._swallow is not None:
                    terminators, until = self._swallow
                    self._swallow = None
                    if key in terminators and now < until:
                        continue
                if len(self._keys) < MAX_BUFFERED_KEYS:
                    self._keys.append(key)
            self._cond.notify_all()

    def caller_hangs_up(self, reason: str = "caller") -> None:
        with self._cond:
            if self._caller_gone or self._left_ivr:
                return
            self._caller_gone = True
            self._keys.clear()
            self._cond.notify_all()
        self.events.append("caller_hangup", reason=reason)

    # --- Channel --------------------------------------------------------------------

    def ready(self) -> bool:
        with self._cond:
            return self._live()

    def play(self, prompt_ids: Sequence[str]) -> bool:
        if not self.ready():
            return False
        media = describe(prompt_ids, self.language)
        with self._cond:
            self._audio_end = self._audio_start() + self._length(media)
        self.events.append("play", prompts=[item.as_json() for item in media])
        return True

    def collect(
        self,
        prompt_ids: Sequence[str],
        *,
        max_digits: int = 1,
        timeout_ms: int = 10_000,
        digit_timeout_ms: int = 3_000,
        terminators: str = "#",
        secret: bool = False,
    ) -> str:
        if not self.ready():
            return ""
        media = describe(prompt_ids, self.language)
        with self._cond:
            audio_before = self._audio_start()
            self._audio_end = audio_before + self._length(media)
            first_deadline = self._audio_end + timeout_ms / 1000
        seq = self.events.append("collect", prompts=[item.as_json() for item in media],
                                 max_digits=max_digits, secret=secret)
        keys = self._gather(first_deadline, max_digits, digit_timeout_ms / 1000, terminators)
        if keys:
            with self._cond:  # the key cut this collect's prompts short
                self._audio_end = min(self._audio_end, max(self._clock(), audio_before))
        if self.ready():
            self.events.append("input", collect=seq, keys=MASK if secret and keys else keys)
        return keys

    def transfer(self, destination: str) -> None:
        with self._cond:
            self._left_ivr = True
            self._cond.notify_all()
        self.events.append("transfer", destination=destination)

    def hangup(self) -> None:
        with self._cond:
            if self._left_ivr:
                return
            self._left_ivr = True
            self._cond.notify_all()
        self.events.append("hangup")

    # --- inside -----------------------------------------------------------------------

    def _live(self) -> bool:
        """Caller still there and the call still in the IVR (hold the lock)."""
        if not self._caller_gone and not self._left_ivr and self._browser_gone():
            self._caller_gone = True
            self._keys.clear()
            self.events.append("caller_hangup", reason="browser_gone")
        return not self._caller_gone and not self._left_ivr

    def _audio_start(self) -> float:
        """When newly sent prompts will start playing (hold the lock)."""
        return max(self._clock(), self._audio_end)

    def _length(self, media: Sequence[PromptMedia]) -> float:
        """Seconds the prompts take to play; 0 when the channel does not pace audio."""
        return sum(item.duration_ms for item in media) / 1000 if self._pace_audio else 0.0

    def _gather(self, deadline: float, max_digits: int, digit_timeout_s: float,
                terminators: str) -> str:
        typed = ""
        with self._cond:
            while True:
                key = self._next_key(deadline)
                if key is None:
                    return typed if self._live() else ""
                if key in terminators:
                    return typed or key
                typed += key
                if len(typed) >= max_digits:
                    self._end_of_entry(terminators, digit_timeout_s)
                    return typed
                deadline = self._clock() + digit_timeout_s

    def _next_key(self, deadline: float) -> str | None:
        while not self._keys:
            remaining = deadline - self._clock()
            if not self._live() or remaining <= 0:
                return None
            self._cond.wait(min(remaining, WAKE_EVERY_S))
        return self._keys.popleft()

    def _end_of_entry(self, terminators: str, digit_timeout_s: float) -> None:
        """A terminator right after a complete entry is part of it, not type-ahead."""
        if not terminators:
            return
        if self._keys:
            if self._keys[0] in terminators:
                self._keys.popleft()
            return
        self._swallow = (terminators, self._clock() + digit_timeout_s)
