"""The IVR call-flow engine: menus as data, a fixed set of actions, pure Python.

Follow a key press: `engine.run_call` -> `language.choose_language` ->
`navigator.Navigator` (menu from `builtin.BUILTIN_FLOW` or the back office, keys read by
`keypad.read_key`) -> an action in `actions/` -> `call.backoffice` (the
`fs_scripts.backoffice_port.BackOffice` port). Standard library only: it runs inside
FreeSWITCH's embedded interpreter.
"""

from __future__ import annotations

from fs_scripts.flows.builtin import BUILTIN_FLOW, BUILTIN_VERSION
from fs_scripts.flows.config import DEFAULT_CONFIG, FlowConfig
from fs_scripts.flows.definition import Flow, FlowError
from fs_scripts.flows.engine import run_call
from fs_scripts.flows.loader import FLOWS, load_flow
from fs_scripts.flows.result import OUTCOMES, CallResult

__all__ = [
    "BUILTIN_FLOW",
    "BUILTIN_VERSION",
    "DEFAULT_CONFIG",
    "FLOWS",
    "OUTCOMES",
    "CallResult",
    "Flow",
    "FlowConfig",
    "FlowError",
    "load_flow",
    "run_call",
]
