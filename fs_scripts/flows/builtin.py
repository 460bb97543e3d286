"""The operator menu tree of REQUIREMENTS §2 as a flow document.

This is the tree the switch uses when the back office has no other (or cannot be
reached); the back office may serve it as JSON to seed its own editable copy. The
format is described in `definition.py`. Prompt ids are in `sounds/prompts/*.toml`.

    language (remembered per line): 1 普通话 / 2 English
    main  1 consult    1 tariffs, 2 value-added, 3 other              (0 agent, * back)
          2 queries    1 balance + latest bill, 2 recharge card, 3 ticket progress,
                       4 number lookup
          3 changes    1 stop-keep-number / resume, 2 call forwarding on/off,
                       3 caller ID on/off, 4 plan change
          4 complaints 1 complaint, 2 fault report (by kind), 3 suggestion
          5 PIN        1 set or change the PIN
          0 agent
    after an action: 1 hear again, * main menu, 0 agent; silence ends the call politely
"""

from __future__ import annotations

from typing import Any

BUILTIN_VERSION = "builtin-1"


def _do(action: str, **params: Any) -> dict[str, Any]:
    return {"action": action, "params": params} if params else {"action": action}


def _change(change: str, **params: Any) -> dict[str, Any]:
    return _do("self_service_change", change=change, **params)


BUILTIN_FLOW: dict[str, Any] = {
    "name": "main",
    "version": BUILTIN_VERSION,
    "start": "main",
    "after_action": "after_action",
    "defaults": {
        "timeout_ms": 10_000,
        "digit_timeout_ms": 3_000,
        "max_failures": 3,
        "max_timeouts": 3,
        "on_exhausted": "agent",
        "agent_skill": "general",
    },
    "language": {
        "prompt": ["ivr/choose_language@zh", "ivr/choose_language@en"],
        "keys": {"1": "zh", "2": "en"},
        "default": "zh",
        "max_tries": 2,
    },
    "menus": {
        "main": {
            "prompt": ["menu/main"],
            "agent_skill": "general",
            "keys": {
                "1": {"menu": "consult"},
                "2": {"menu": "queries"},
                "3": {"menu": "changes"},
                "4": {"menu": "complaints"},
                "5": {"menu": "pin"},
                "0": _do("to_queue", skill="general"),
            },
        },
        "consult": {
            "prompt": ["menu/consult"],
            "agent_skill": "consultation",
            "keys": {
                "1": _do("play_info", topic="tariffs"),
                "2": _do("play_info", topic="value_added"),
                "3": _do("play_info", topic="other"),
            },
        },
        "queries": {
            "prompt": ["menu/query"],
            "agent_skill": "billing",
            "keys": {
                "1": {"actions": [_do("read_balance"), _do("read_bill")]},
                "2": _do("pay_with_card"),
                "3": _do("ticket_status"),
                "4": _do("number_lookup"),
            },
        },
        "changes": {
            "prompt": ["menu/selfservice"],
            "agent_skill": "service_orders",
            "keys": {
                "1": {"menu": "stop_resume"},
                "2": {"menu": "forwarding"},
                "3": {"menu": "caller_id"},
                "4": {"menu": "plan"},
            },
        },
        "stop_resume": {
            "prompt": ["menu/suspend"],
            "keys": {
                "1": _change("stop_keep_number", enable=True),
                "2": _change("stop_keep_number", enable=False),
            },
        },
        "forwarding": {
            "prompt": ["menu/forwarding"],
            "keys": {
                "1": _change("call_forwarding", enable=True),
                "2": _change("call_forwarding", enable=False),
            },
        },
        "caller_id": {
            "prompt": ["menu/caller_id"],
            "keys": {
                "1": _change("caller_id", enable=True),
                "2": _change("caller_id", enable=False),
            },
        },
        "plan": {
            "prompt": ["menu/plan"],
            "keys": {
                "1": _change("plan", target="basic"),
                "2": _change("plan", target="unlimited"),
                "3": _change("plan", target="broadband_bundle"),
            },
        },
        "complaints": {
            "prompt": ["menu/complaints"],
            "agent_skill": "complaints",
            "keys": {
                "1": _do("to_queue", skill="complaints", topic="complaint"),
                "2": {"menu": "fault_type"},
                "3": _do("to_queue", skill="complaints", topic="suggestion"),
            },
        },
        "fault_type": {
            "prompt": ["menu/fault_type"],
            "agent_skill": "faults",
            "keys": {
                "1": _do("report_fault", fault="no_dial_tone"),
                "2": _do("report_fault", fault="broadband"),
                "3": _do("report_fault", fault="tv"),
                "4": _do("report_fault", fault="other"),
            },
        },
        "pin": {
            "prompt": ["menu/pin"],
            "keys": {"1": _do("change_pin")},
        },
        "after_action": {
            "prompt": ["menu/repeat_or_back"],
            "max_timeouts": 1,
            "on_exhausted": "goodbye",
            "keys": {
                "1": {"replay": True},
                "*": {"menu": "main"},
            },
        },
    },
}
