"""`TerminalChannel`: the `Channel` port for a person phoning from a terminal.

What the caller would hear is printed as captions; each time the IVR waits for keys the
person types a line: keys (0-9 * #), an empty line for silence (a timeout), end of input
(Ctrl-D) to hang up. A line counts as keys pressed at once, like the scripted caller:
a terminator alone is returned as itself, keys after a terminator or beyond the entry's
length are dropped. PIN entries are read without echo when the input is a terminal and
never printed back.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence

from backoffice.simulator.keys import are_keys, entry_from_line
from fs_scripts import prompts
from fs_scripts.channel import Language, split_prompt

# (prompt text, secret) -> the line typed, or None at end of input
LineReader = Callable[[str, bool], str | None]


def read_line(prompt: str, secret: bool) -> str | None:
    """A line from stdin; hidden for secrets on a real terminal; None at end of input."""
    try:
        if secret and sys.stdin.isatty():
            return getpass.getpass(prompt)
        return input(prompt)
    except (EOFError, KeyboardInterrupt):
        return None


class TerminalChannel:
    def __init__(
        self,
        call_id: str,
        caller_number: str,
        *,
        language: Language = "zh",
        read: LineReader = read_line,
        write: Callable[[str], None] = print,
    ) -> None:
        self.call_id = call_id
        self.caller_number = caller_number
        self.language: Language = language
        self._read = read
        self._write = write
        self._hung_up = False
        self._left_ivr = False

    def ready(self) -> bool:
        return not self._hung_up and not self._left_ivr

    def play(self, prompt_ids: Sequence[str]) -> bool:
        if not self.ready():
            return False
        self._write(f"  {self.caption(prompt_ids)}")
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
        self._write(f"  {self.caption(prompt_ids)}")
        ask = "PIN (hidden)> " if secret else "keys> "
        while True:
            line = self._read(ask, secret)
            if line is None:
                self._write("[you hung up]")
                self._hung_up = True
                return ""
            line = line.replace(" ", "").strip()
            if not line or are_keys(line):
                break
            self._write("  (keys are 0-9, * and #; an empty line is silence)")
        return entry_from_line(line, max_digits, terminators)

    def transfer(self, destination: str) -> None:
        self._left_ivr = True
        self._write(f"[transferred to agent queue: {destination}]")

    def hangup(self) -> None:
        if not self._left_ivr:
            self._left_ivr = True
            self._write("[the IVR hung up]")

    def caption(self, prompt_ids: Sequence[str]) -> str:
        """The prompts as one line of text, each language run as the catalogue reads it."""
        catalogue = prompts.catalogue()
        runs: list[tuple[Language, list[str]]] = []
        for prompt in prompt_ids:
            prompt_id, lang = split_prompt(prompt, self.language)
            if runs and runs[-1][0] == lang:
                runs[-1][1].append(prompt_id)
            else:
                runs.append((lang, [prompt_id]))
        return " ".join(
            catalogue.sentence([p for p in ids if p in catalogue], lang) for lang, ids in runs)
