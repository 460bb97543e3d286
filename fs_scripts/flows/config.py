"""Settings of the call-flow engine that belong to the deployment, not to the menu tree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fs_scripts.channel import Language

# A dialplan extension name: nothing a caller could steer into another context or app.
_DESTINATION = re.compile(r"^[A-Za-z0-9_+.\-]{1,64}$")


def is_safe_destination(destination: str) -> bool:
    """True for a plain extension name the switch may transfer a call to."""
    return bool(_DESTINATION.match(destination))


@dataclass(frozen=True)
class FlowConfig:
    """How one IVR deployment behaves.

    fallback_destination: where a call goes when the back office cannot be reached or the
        engine fails — a fixed extension that reaches the general agent queue without
        asking the back office. Never derived from caller input.
    pin_tries_per_call: wrong PIN entries allowed in one call (the specification: two).
    after_pin_failure: what ends the self-service once those tries are used up: a polite
        goodbye, or a transfer to an agent.
    survey: ask the 1-5 satisfaction survey before saying goodbye to a caller the menus
        served.
    flow_name / flow_refresh_s: which menu tree to ask the back office for, and how often
        (seconds) to check it for a new version.
    """

    fallback_destination: str = "agent_fallback"
    default_language: Language = "zh"
    pin_tries_per_call: int = 2
    after_pin_failure: Literal["goodbye", "agent"] = "goodbye"
    survey: bool = False
    flow_name: str = "main"
    flow_refresh_s: float = 60.0

    def __post_init__(self) -> None:
        if not is_safe_destination(self.fallback_destination):
            raise ValueError("fallback_destination must be a plain dialplan extension name")
        if self.pin_tries_per_call < 1:
            raise ValueError("pin_tries_per_call must be at least 1")


DEFAULT_CONFIG = FlowConfig()
