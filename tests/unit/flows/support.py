"""Run one scripted call through the engine and look at what happened."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fs_scripts import prompts, speech
from fs_scripts.flows import BUILTIN_FLOW, FlowConfig, run_call
from fs_scripts.flows.result import CallResult
from fs_scripts.flows.scripted import ScriptedChannel
from tests.unit.flows.fake_backoffice import CUSTOMER, FakeBackOffice


@dataclass
class Played:
    channel: ScriptedChannel
    backoffice: FakeBackOffice
    result: CallResult

    @property
    def heard(self) -> list[str]:
        return self.channel.heard()

    def heard_in_order(self, *expected: str) -> bool:
        """True when `expected` ids occur in this order (not necessarily adjacent)."""
        remaining = iter(self.heard)
        return all(any(prompt == wanted for prompt in remaining) for wanted in expected)

    def contains_run(self, run: Sequence[str]) -> bool:
        """True when `run` occurs as a contiguous run of prompts."""
        heard, n = self.heard, len(run)
        return any(heard[i : i + n] == list(run) for i in range(len(heard) - n + 1))

    @property
    def queued(self) -> dict[str, Any]:
        (request,) = self.backoffice.calls_to("enqueue")
        return request

    @property
    def reported(self) -> dict[str, Any]:
        (report,) = self.backoffice.calls_to("report_outcome")
        return report


def call(
    keys: Sequence[str | None],
    *,
    caller: str = CUSTOMER,
    backoffice: FakeBackOffice | None = None,
    config: FlowConfig | None = None,
    flow: Mapping[str, Any] | None = None,
) -> Played:
    """Call in from `caller`, press `keys`, hang up when the script ends."""
    office = backoffice or FakeBackOffice()
    channel = ScriptedChannel(
        keys, caller_number=caller, call_id="call-1", known_prompts=prompts.catalogue()
    )
    outcome = run_call(channel, office, flow=flow or BUILTIN_FLOW, config=config or FlowConfig())
    return Played(channel, office, outcome)


def money(fen: int, lang: str = "zh") -> list[str]:
    return speech.money(fen, lang)


def ids(text: str) -> list[str]:
    """Prompt ids written as one space-separated string."""
    return text.split()
