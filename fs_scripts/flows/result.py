"""How the IVR part of a call ended: the value `run_call` returns and reports."""

from __future__ import annotations

from dataclasses import dataclass

from fs_scripts.channel import Language

# How the call left the IVR.
AGENT = "agent"  # the caller asked for an agent (key 0, complaint, number lookup...)
AGENT_AFTER_FAILURES = "agent_after_failures"  # sent to an agent after menu or PIN failures
FALLBACK = "fallback"  # back office down or engine failure: apology, fixed agent queue
GOODBYE = "goodbye"  # the IVR said goodbye and hung up
PIN_FAILED = "pin_failed"  # polite goodbye after too many wrong PINs
HANGUP = "hangup"  # the caller hung up
REFUSED = "refused"  # a blacklisted number, refused politely
OUTCOMES = (AGENT, AGENT_AFTER_FAILURES, FALLBACK, GOODBYE, PIN_FAILED, HANGUP, REFUSED)


@dataclass(frozen=True)
class CallResult:
    """What happened in the menus.

    `contained` (自助完成): at least one self-service action served the caller and the
    call ended without going to an agent. `path` lists the menus and actions in the
    order they were reached; `heard` what the caller was told (e.g. "balance").
    """

    outcome: str
    contained: bool
    path: tuple[str, ...]
    language: Language
    verified: bool
    transferred_to: str | None
    heard: tuple[str, ...]
