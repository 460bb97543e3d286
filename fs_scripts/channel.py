"""The `Channel` port: everything a call flow needs from one phone call.

The call-flow engine (`fs_scripts.flows`) talks only to this interface, so the same flows
run inside FreeSWITCH (an adapter over mod_python3's `CoreSession`), in the browser and
terminal simulators, and in tests (`fs_scripts.flows.scripted.ScriptedChannel`).

Adapter notes (see ../shared/freeswitch-python.md for the real FreeSWITCH API):
- `play` maps to `streamFile` per prompt (or one `file_string://a!b` stream) and must stop
  as soon as the caller hangs up.
- `collect` maps to `playAndGetDigits(0, max_digits, 1, timeout_ms, terminators,
  "file_string://...", "silence_stream://250", r"^[0-9*#]*$", var_name, digit_timeout_ms)`:
  one try only; the engine checks lengths and does its own retries and invalid-key
  handling. With min_digits 0 a lone terminator returns "" too: clear the channel
  variable `read_terminator_used` before the call and return the terminator when it
  is set afterwards and no digit came.
- Prompt ids name catalogue entries (`sounds/prompts/*.toml`), e.g. "menu/main",
  "digits/5". The adapter turns an id into a file in the channel's current `language`,
  e.g. `sounds/<lang>/<id>.wav`. An id may carry an explicit language, "<id>@<lang>";
  the bilingual language-choice menu is the only user. Use `split_prompt` to parse it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@runtime_checkable
class Channel(Protocol):
    """One live call as the IVR sees it.

    `call_id` is the switch's channel UUID (it travels to the back office and the agent
    queue); `caller_number` is the caller ID as delivered (may be "" when withheld);
    `language` is the language prompts are played in, set by the engine after the
    caller's choice.
    """

    call_id: str
    caller_number: str
    language: Language

    def ready(self) -> bool:
        """True while the caller is still on the line and the call is ours to drive."""
        ...

    def play(self, prompt_ids: Sequence[str]) -> bool:
        """Play prompts in order, not interruptible. False if the caller hung up."""
        ...

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
        """Play prompts (a key press interrupts them) and collect DTMF digits.

        Waits `timeout_ms` for the first digit after the prompts end and
        `digit_timeout_ms` between digits. Collection stops at `max_digits` or at a
        terminator, which is not returned — except that a terminator pressed alone is
        returned as itself ("#": "for this line, just press hash"). `terminators=""`
        makes `#` an ordinary key. Returns "" on timeout or hang-up. `*` is returned
        like a digit (the engine treats it as "back"). `secret=True` marks a PIN:
        adapters must keep those digits out of logs and transcripts.
        """
        ...

    def transfer(self, destination: str) -> None:
        """Hand the call to a dialplan destination (an agent queue); the flow then ends."""
        ...

    def hangup(self) -> None:
        """End the call (after a goodbye prompt: the engine never hangs up silently)."""
        ...


def split_prompt(prompt: str, default_language: Language) -> tuple[str, Language]:
    """Split "<id>@<lang>" into (id, lang); a plain id plays in `default_language`."""
    prompt_id, sep, suffix = prompt.rpartition("@")
    for language in LANGUAGES:
        if sep and suffix == language:
            return prompt_id, language
    return prompt, default_language
