"""IVR settings given by the dialplan: `python callcenter_ivr name=value ...`, or channel
variables `callcenter_<name>` (e.g. set by an earlier `set` action or a SIP header).

    <action application="python" data="callcenter_ivr after_pin_failure=agent survey=true"/>

The arguments win over the channel variables, which win over the defaults. A bad value is
reported and ignored, never fatal: a typo in the dialplan must not cost a caller the call.
Names are `FlowConfig`'s fields, plus `context` (the dialplan context transfers go to).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fs_scripts.channel import LANGUAGES
from fs_scripts.flows.config import DEFAULT_CONFIG, FlowConfig, is_safe_destination

VARIABLE_PREFIX = "callcenter_"
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class IvrOptions:
    flow: FlowConfig = DEFAULT_CONFIG
    context: str = "callcenter"


def _boolean(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError("expected true or false")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError("must be positive")
    return value


def _one_of(*choices: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return text

    return check


def _destination(text: str) -> str:
    if not is_safe_destination(text):
        raise ValueError("not a plain extension name")
    return text


def _name(text: str) -> str:
    if not _NAME.match(text):
        raise ValueError("not a plain name")
    return text


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "fallback_destination": _destination,
    "default_language": _one_of(*LANGUAGES),
    "pin_tries_per_call": _positive_int,
    "after_pin_failure": _one_of("goodbye", "agent"),
    "survey": _boolean,
    "flow_name": _name,
    "flow_refresh_s": _positive_float,
    "context": _name,
}


def read_options(
    args: str, channel_variable: Callable[[str], str | None]
) -> tuple[IvrOptions, list[str]]:
    """The options for one call, and a description of each value that was ignored."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    given: dict[str, str] = {}
    for word in args.split():
        name, sep, value = word.partition("=")
        if not sep or name not in CONVERTERS:
            problems.append(f"unknown argument {word!r}")
            continue
        given[name] = value
    for name, convert in CONVERTERS.items():
        text = given.get(name)
        if text is None:
            text = channel_variable(VARIABLE_PREFIX + name) or None
        if text is None:
            continue
        try:
            values[name] = convert(text.strip())
        except ValueError as error:
            problems.append(f"{name}={text!r} ignored: {error}")
    context = values.pop("context", IvrOptions.context)
    return IvrOptions(FlowConfig(**values), context), problems
