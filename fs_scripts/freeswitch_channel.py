"""`FreeSwitchChannel`: the `Channel` port over mod_python3's `CoreSession`.

Thin on purpose: the call flow lives in `fs_scripts.flows`; this class only turns port
calls into session calls. What it relies on in FreeSWITCH 1.10.12 (see
../shared/freeswitch-python.md, and `switch_ivr_read` / `switch_play_and_get_digits`):

- `playAndGetDigits(0, max, 1, timeout, terminators, prompts, "silence_stream://250",
  regex, var, digit_timeout)` returns the keys without the terminator, "" on timeout.
  With min 0, a terminator pressed alone also returns "" and only the channel variable
  `read_terminator_used` tells it apart, so that variable is cleared before each read.
- With max 1 FreeSWITCH silently erases a lone terminator (and does not note it), so a
  one-key read passes no terminators: every key is a key, and a terminator pressed alone
  comes back as itself, which is what the port promises anyway.
- Keys pressed during a non-interruptible `play`, or left over after a terminator, stay
  queued in the switch; they are flushed before each read (no type-ahead, as in
  `ScriptedChannel`, which the engine is tested with).
- A secret entry (PIN) gets no variable name (FreeSWITCH would store the digits in a
  channel variable, visible in events and CDRs) and no regex (FreeSWITCH logs the digits
  it tests a regex against). Its digits are never logged here either.
- `ready()` is checked after every media call: a hang-up, or a `uuid_bridge` from the
  event socket, must end the script at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fs_scripts import prompts
from fs_scripts.channel import Language, split_prompt
from fs_scripts.flows.config import is_safe_destination

logger = logging.getLogger(__name__)

TERMINATOR_USED = "read_terminator_used"
DIGITS_VARIABLE = "callcenter_ivr_digits"
QUEUE_SKILL_VARIABLE = "callcenter_queue_skill"  # the ACD reads it on CHANNEL_PARK
LANGUAGE_VARIABLE = "callcenter_language"
OUTCOME_VARIABLE = "callcenter_ivr_outcome"
BAD_INPUT = "silence_stream://250"
KEYS_REGEX = r"^[0-9A-D*#]+$"
DEFAULT_CONTEXT = "callcenter"


class TransferFailed(RuntimeError):
    """The switch refused to transfer the call (the destination is named, nothing else)."""


class FreeSwitchChannel:
    """One call inside FreeSWITCH, driven by the call-flow engine."""

    def __init__(self, session: Any, context: str = DEFAULT_CONTEXT) -> None:
        self._session = session
        self._context = context
        self.call_id: str = str(session.get_uuid())
        self.caller_number: str = session.getVariable("caller_id_number") or ""
        self.language: Language = "zh"
        self.queue_skill: str | None = None
        self.left_ivr = False  # transferred or hung up by us: the call is no longer ours

    # --- lifecycle ------------------------------------------------------------------

    def start(self) -> None:
        """Answer the call if the dialplan has not."""
        if not self._session.answered():
            self._session.answer()

    def note_queue_skill(self, skill: str) -> None:
        """The back office queued this call for `skill`: mark the channel on transfer."""
        self.queue_skill = skill

    def note_outcome(self, outcome: str) -> None:
        """Leave how the IVR ended on the channel (for CDRs and the live check)."""
        self._session.setVariable(OUTCOME_VARIABLE, outcome)

    # --- Channel ----------------------------------------------------------------------

    def ready(self) -> bool:
        return not self.left_ivr and bool(self._session.ready())

    def play(self, prompt_ids: Sequence[str]) -> bool:
        files = self._files(prompt_ids)
        for path in files:
            if not self.ready():
                return False
            if not self._session.streamFile(path) and self.ready():
                logger.warning("call %s: could not play %s", self.call_id, path)
        return self.ready()

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
        files = self._files(prompt_ids)
        if not self.ready():
            return ""
        ends = terminators if max_digits > 1 else ""
        self._session.flushDigits()
        self._session.setVariable(TERMINATOR_USED, "")
        keys: str = (
            self._session.playAndGetDigits(
                0,  # min_digits: a lone terminator and a timeout come back as ""
                max_digits,
                1,  # max_tries: the engine does its own retries and invalid-key prompts
                timeout_ms,
                ends,
                _media(files),
                BAD_INPUT,
                "" if secret else KEYS_REGEX,
                None if secret else DIGITS_VARIABLE,
                digit_timeout_ms,
            )
            or ""
        )
        if not keys:
            used = self._session.getVariable(TERMINATOR_USED) or ""
            if used[:1] and used[0] in ends:
                keys = used[0]
        if not self.ready():
            return ""
        if secret:
            logger.debug("call %s: secret entry %s", self.call_id, "made" if keys else "empty")
        else:
            logger.debug("call %s: keys %r", self.call_id, keys)
        return keys

    def transfer(self, destination: str) -> None:
        if not is_safe_destination(destination):
            raise TransferFailed("refusing an unsafe destination")
        if self.queue_skill:
            self._session.setVariable(QUEUE_SKILL_VARIABLE, self.queue_skill)
        self._session.setVariable(LANGUAGE_VARIABLE, self.language)
        if not self._session.transfer(destination, "XML", self._context):
            raise TransferFailed(f"transfer to {destination} in {self._context} failed")
        self.left_ivr = True
        logger.info("call %s: transferred to %s", self.call_id, destination)

    def hangup(self) -> None:
        self.left_ivr = True
        self._session.hangup()

    # --- helpers --------------------------------------------------------------------

    def _files(self, prompt_ids: Sequence[str]) -> list[str]:
        """Every prompt's WAV, resolved before anything plays (an unknown id raises KeyError)."""
        return [prompts.prompt_path(*split_prompt(prompt, self.language)) for prompt in prompt_ids]


def _media(files: Sequence[str]) -> str:
    """One playable string for several files."""
    if len(files) > 1:
        return "file_string://" + "!".join(files)
    return files[0] if files else ""
