"""`ScriptedChannel`: a `Channel` whose caller follows a script of key presses.

Used by the flow tests and by the terminal simulator (`callcenter call --keys ...`).
Each `collect` takes the next script item — the keys the caller presses while that
prompt plays:

    ScriptedChannel(["2", "1", "123456#", TIMEOUT], caller_number="13800000001")
    ScriptedChannel.from_keys("2,1,123456#,")   # the same; an empty item is a timeout

- keys after a terminator, or beyond `max_digits`, are dropped (no type-ahead);
- a terminator pressed alone is returned as itself ("#");
- the item `HANGUP`, or the end of the script, hangs the caller up.

Everything the caller would hear is recorded in `events` (PIN entries masked), with the
language each prompt plays in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass

from fs_scripts.channel import Language, split_prompt

TIMEOUT: str | None = None
HANGUP = "hangup"
MASK = "******"


@dataclass(frozen=True)
class Event:
    """One thing that happened on the call, in order.

    kind: "play" | "collect" | "transfer" | "hangup". For play/collect, `prompts` holds
    (prompt id, language) pairs; for collect, `keys` is what the script returned
    (masked for secret entries); for transfer, `destination`.
    """

    kind: str
    prompts: tuple[tuple[str, Language], ...] = ()
    keys: str | None = None
    destination: str | None = None

    def describe(self) -> str:
        if self.kind in ("play", "collect"):
            said = " ".join(f"{lang}:{prompt_id}" for prompt_id, lang in self.prompts)
            if self.kind == "play":
                return f"play    {said}"
            return f"collect {said} -> {self.keys!r}"
        if self.kind == "transfer":
            return f"transfer -> {self.destination}"
        return self.kind


class UnknownPrompt(KeyError):
    """The flow tried to play a prompt id the catalogue does not have."""


class ScriptedChannel:
    def __init__(
        self,
        keys: Iterable[str | None],
        *,
        caller_number: str = "",
        call_id: str = "scripted-call",
        language: Language = "zh",
        known_prompts: Container[str] | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> None:
        self.call_id = call_id
        self.caller_number = caller_number
        self.language: Language = language
        self.events: list[Event] = []
        self.transfers: list[str] = []
        self.hung_up = False
        self._script: deque[str | None] = deque(keys)
        self._known = known_prompts
        self._on_event = on_event
        self._transferred = False

    @classmethod
    def from_keys(cls, spec: str, **options: object) -> ScriptedChannel:
        """Build from "1,2,1,123456#": comma-separated items, an empty item is a timeout."""
        items = [item.strip() or TIMEOUT for item in spec.split(",")] if spec else []
        return cls(items, **options)  # type: ignore[arg-type]

    # --- Channel ------------------------------------------------------------------

    def ready(self) -> bool:
        return not self.hung_up and not self._transferred

    def play(self, prompt_ids: Sequence[str]) -> bool:
        if not self.ready():
            return False
        self._record(Event("play", self._resolve(prompt_ids)))
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
        prompts = self._resolve(prompt_ids)
        if not self._script or self._script[0] == HANGUP:
            self._record(Event("collect", prompts, keys=""))
            self.hangup()
            return ""
        keys = _typed(self._script.popleft() or "", max_digits, terminators)
        self._record(Event("collect", prompts, keys=MASK if secret and keys else keys))
        return keys

    def transfer(self, destination: str) -> None:
        self._transferred = True
        self.transfers.append(destination)
        self._record(Event("transfer", destination=destination))

    def hangup(self) -> None:
        if not self.hung_up:
            self.hung_up = True
            self._record(Event("hangup"))

    # --- what the caller heard ----------------------------------------------------

    def heard(self) -> list[str]:
        """Every prompt id played or offered, in order."""
        return [prompt_id for event in self.events for prompt_id, _ in event.prompts]

    def heard_with_language(self) -> list[tuple[str, Language]]:
        return [pair for event in self.events for pair in event.prompts]

    @property
    def keys_left(self) -> list[str | None]:
        return list(self._script)

    def transcript(self) -> list[str]:
        return [event.describe() for event in self.events]

    def _resolve(self, prompt_ids: Sequence[str]) -> tuple[tuple[str, Language], ...]:
        pairs = tuple(split_prompt(prompt, self.language) for prompt in prompt_ids)
        if self._known is not None:
            for prompt_id, _ in pairs:
                if prompt_id not in self._known:
                    raise UnknownPrompt(prompt_id)
        return pairs

    def _record(self, event: Event) -> None:
        self.events.append(event)
        if self._on_event is not None:
            self._on_event(event)


def _typed(item: str, max_digits: int, terminators: str) -> str:
    """What a collect returns when the caller presses `item`'s keys."""
    if item and item[0] in terminators:
        return item[0]
    keys = ""
    for key in item:
        if key in terminators:
            break
        keys += key
    return keys[:max_digits]
