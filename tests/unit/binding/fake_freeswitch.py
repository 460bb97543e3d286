"""A stand-in for mod_python3's `freeswitch` module, for tests outside the switch.

Signatures are exactly those of FreeSWITCH 1.10.12 (../../shared/freeswitch-python.md).
Methods the IVR has no business calling raise `NotImplementedError`, so a change that
starts using one is noticed. `playAndGetDigits` follows `switch_ivr_read` and
`switch_play_and_get_digits` of 1.10.12 closely enough to catch the pitfalls the adapter
must handle: a lone terminator returns "" and is only visible in `read_terminator_used`
(which nobody clears but the caller), max_digits 1 silently erases a lone terminator,
keys beyond the limit stay queued in the switch, the digits land in `var_name`, a regex
miss lands in `<var_name>_invalid`.

The caller is a script: each `playAndGetDigits` takes the next item, the keys the caller
presses while that prompt plays (`TIMEOUT` presses nothing, `HANGUP` hangs up).
"""

from __future__ import annotations

import re
import types
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

TIMEOUT: str | None = None
HANGUP = "<hangup>"
TERMINATOR_USED = "read_terminator_used"


@dataclass
class Switch:
    """What the fake module records: console lines and global variables."""

    console: list[tuple[str, str]] = field(default_factory=list)
    globals: dict[str, str] = field(default_factory=dict)

    def console_text(self) -> str:
        return "".join(message for _, message in self.console)

    def module(self) -> types.ModuleType:
        """A fresh `freeswitch` module bound to this state."""
        switch = self
        module = types.ModuleType("freeswitch")

        def consoleLog(level: str, msg: str) -> None:
            assert level in ("debug", "info", "notice", "warning", "err", "crit", "alert")
            assert msg.endswith("\n"), "consoleLog messages end with a newline"
            switch.console.append((level, msg))

        def getGlobalVariable(name: str) -> str | None:
            return switch.globals.get(name)

        def setGlobalVariable(name: str, value: str) -> None:
            switch.globals[name] = value

        def msleep(ms: int) -> None:
            raise NotImplementedError("the IVR must not sleep the thread")

        class API:
            def executeString(self, command: str) -> str:
                raise NotImplementedError("the IVR runs no API commands")

        module.consoleLog = consoleLog  # type: ignore[attr-defined]
        module.getGlobalVariable = getGlobalVariable  # type: ignore[attr-defined]
        module.setGlobalVariable = setGlobalVariable  # type: ignore[attr-defined]
        module.msleep = msleep  # type: ignore[attr-defined]
        module.API = API  # type: ignore[attr-defined]
        module.Session = Session  # type: ignore[attr-defined]
        return module


@dataclass
class Read:
    """One playAndGetDigits call as the switch received it."""

    min_digits: int
    max_digits: int
    max_tries: int
    timeout: int
    terminators: str
    audio_files: str
    bad_input_audio_files: str
    digits_regex: str
    var_name: str | None
    digit_timeout: int
    result: str = ""


class Session:
    """`freeswitch.Session` (CoreSession) with a scripted caller."""

    def __init__(
        self,
        keys: Iterable[str | None] = (),
        *,
        uuid: str = "6f1c2a9e-0d3b-4c55-9a41-2f3e4d5c6b7a",
        caller_number: str = "13800000001",
        answered: bool = False,
        hang_up_on_stream: int | None = None,
        transfer_succeeds: bool = True,
    ) -> None:
        self.uuid = uuid
        self.script: deque[str | None] = deque(keys)
        self.variables: dict[str, str] = {}
        self.profile = {
            "caller_id_number": caller_number,
            "uuid": uuid,
            "destination_number": "10000",
            "context": "callcenter",
        }
        self.dtmf_queue: deque[str] = deque()
        self.is_answered = answered
        self.up = True
        self.hang_up_on_stream = hang_up_on_stream
        self.transfer_succeeds = transfer_succeeds
        self.log: list[tuple[str, Any]] = []  # every media/control call, in order
        self.streamed: list[str] = []
        self.reads: list[Read] = []
        self.transfers: list[tuple[str, str | None, str | None]] = []
        self.hangups: list[str] = []
        self.variables_at_transfer: dict[str, str] = {}

    # --- state -----------------------------------------------------------------------

    def answer(self) -> int:
        self.log.append(("answer", None))
        self.is_answered = True
        return 1

    def preAnswer(self) -> None:
        raise NotImplementedError

    def hangup(self, cause: str = "normal_clearing") -> None:
        self.log.append(("hangup", cause))
        self.hangups.append(cause)
        self.up = False

    def ready(self) -> bool:
        return self.up

    def answered(self) -> bool:
        return self.is_answered

    def mediaReady(self) -> bool:
        return self.up

    def bridged(self) -> bool:
        return False

    def get_uuid(self) -> str:
        return self.uuid

    def hangupCause(self) -> str:
        raise NotImplementedError("unreliable in 1.10.12: read the hangup_cause variable")

    # --- variables -------------------------------------------------------------------

    def getVariable(self, name: str) -> str | None:
        if name in self.variables:
            return self.variables[name]
        return self.profile.get(name)

    def setVariable(self, name: str, value: str | None) -> None:
        # switch_channel_set_variable: an empty or NULL value removes the variable
        if value:
            self.variables[name] = value
        else:
            self.variables.pop(name, None)

    # --- media -----------------------------------------------------------------------

    def streamFile(self, file: str, starting_sample_count: int = 0) -> int:
        if not self.up:
            return 0
        self.log.append(("streamFile", file))
        self.streamed.append(file)
        if self.hang_up_on_stream is not None and len(self.streamed) >= self.hang_up_on_stream:
            self._caller_hangs_up()  # in the middle of this file
            return 0
        return 1

    def playAndGetDigits(
        self,
        min_digits: int,
        max_digits: int,
        max_tries: int,
        timeout: int,
        terminators: str,
        audio_files: str,
        bad_input_audio_files: str,
        digits_regex: str,
        var_name: str | None = None,
        digit_timeout: int = 0,
        transfer_on_failure: str | None = None,
    ) -> str:
        read = Read(
            min_digits,
            max_digits,
            max_tries,
            timeout,
            terminators,
            audio_files,
            bad_input_audio_files,
            digits_regex,
            var_name,
            digit_timeout,
        )
        self.reads.append(read)
        self.log.append(("playAndGetDigits", read))
        if not self.up:
            return ""
        if digits_regex and var_name:
            self.setVariable(f"{var_name}_invalid", None)
        tries = max_tries
        while self.up and tries:
            item = self.script.popleft() if self.script else HANGUP
            if item == HANGUP:
                self._caller_hangs_up()
                break
            self.dtmf_queue.extend(item or "")
            buffer, terminator = self._read(min_digits, max_digits, terminators, var_name)
            if terminator:
                self.variables[TERMINATOR_USED] = terminator
            if var_name and buffer:
                self.variables[var_name] = buffer
            if min_digits == 0 and not buffer and self.getVariable(TERMINATOR_USED):
                return ""
            if buffer and len(buffer) >= min_digits:
                if not digits_regex or re.search(digits_regex, buffer):
                    read.result = buffer
                    return buffer
                if var_name:
                    self.setVariable(var_name, None)
                    self.variables[f"{var_name}_invalid"] = buffer
            if not self.up:
                break
            self.log.append(("bad_input", bad_input_audio_files))
            tries -= 1
        return ""

    def _read(
        self, min_digits: int, max_digits: int, terminators: str, var_name: str | None
    ) -> tuple[str, str]:
        """switch_ivr_read: the first key interrupts the prompt, the rest are collected."""
        if var_name:
            self.setVariable(var_name, None)
        buffer, terminator = "", ""
        if self.dtmf_queue:
            buffer = self.dtmf_queue.popleft()  # pressed during the prompt
        if len(buffer) < max_digits:
            if buffer and buffer in terminators:
                buffer, terminator = "", buffer
            else:
                while self.dtmf_queue and len(buffer) < max_digits:
                    key = self.dtmf_queue.popleft()
                    if terminators and key in terminators:
                        terminator = key
                        break
                    buffer += key
        if max_digits == 1 and len(buffer) == 1 and terminators and buffer in terminators:
            buffer = ""  # erased, and read_terminator_used is not set
        return buffer, terminator

    def flushDigits(self) -> None:
        self.log.append(("flushDigits", None))
        self.dtmf_queue.clear()

    def flushEvents(self) -> None:
        raise NotImplementedError

    def getDigits(self, maxdigits: int, terminators: str, timeout: int, *rest: int) -> str:
        raise NotImplementedError("the adapter reads keys with playAndGetDigits")

    def read(
        self,
        min_digits: int,
        max_digits: int,
        prompt_audio_file: str,
        timeout: int,
        valid_terminators: str,
        digit_timeout: int = 0,
    ) -> str:
        raise NotImplementedError("the adapter reads keys with playAndGetDigits")

    def collectDigits(self, *timeouts: int) -> None:
        raise NotImplementedError

    def say(
        self,
        tosay: str,
        module_name: str,
        say_type: str,
        say_method: str,
        say_gender: str | None = None,
    ) -> None:
        raise NotImplementedError("money is spoken from the project's own prompts")

    def sayPhrase(
        self, phrase_name: str, phrase_data: str = "", phrase_lang: str | None = None
    ) -> None:
        raise NotImplementedError

    def set_tts_params(self, tts_name: str, voice_name: str) -> None:
        raise NotImplementedError

    def speak(self, text: str) -> int:
        raise NotImplementedError

    def recordFile(
        self, file_name: str, time_limit: int = 0, silence_threshold: int = 0, silence_hits: int = 0
    ) -> int:
        raise NotImplementedError

    def setInputCallback(self, func: Any, arg: Any = None) -> None:
        raise NotImplementedError

    def unsetInputCallback(self) -> None:
        raise NotImplementedError

    def setHangupHook(self, func: Any, arg: Any = None) -> None:
        raise NotImplementedError

    def sleep(self, ms: int, sync: int = 0) -> int:
        raise NotImplementedError("the IVR never waits in silence")

    # --- control ---------------------------------------------------------------------

    def execute(self, app: str, data: str | None = None) -> None:
        raise NotImplementedError("the adapter uses the session's own methods")

    def transfer(
        self, extension: str, dialplan: str | None = None, context: str | None = None
    ) -> int:
        self.log.append(("transfer", (extension, dialplan, context)))
        if not self.up or not self.transfer_succeeds:
            return 0
        self.transfers.append((extension, dialplan, context))
        self.variables_at_transfer = dict(self.variables)
        return 1  # ready() stays True here: the adapter must not count on it turning False

    # --- what tests look at ----------------------------------------------------------

    def _caller_hangs_up(self) -> None:
        self.up = False
        self.log.append(("caller hung up", None))

    def calls_after_caller_left(self) -> list[str]:
        """Names of the session calls made after the caller hung up."""
        names = [name for name, _ in self.log]
        if "caller hung up" not in names:
            return []
        return names[names.index("caller hung up") + 1 :]
