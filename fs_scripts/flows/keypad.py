"""Reading keys from the caller, with the rules every menu and entry shares.

- `#` alone repeats a menu's prompt; `*` goes back; `0` reaches an agent.
- A timeout says "we did not hear your choice", an invalid key "that was not valid",
  then the prompt is played again.
- After `max_timeouts` timeouts or `max_failures` invalid entries the settings decide:
  an agent (announced as too many errors) or a goodbye. Never a silent hang-up.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import NoReturn

from fs_scripts.flows import result
from fs_scripts.flows.call import BackToMenu, Call
from fs_scripts.flows.definition import MenuSettings

BACK, AGENT, REPEAT = "*", "0", "#"


class Misses:
    """Timeouts and invalid entries of one question: each is told to the caller, and too
    many of either end the question the way the settings say."""

    def __init__(self, call: Call, settings: MenuSettings) -> None:
        self.call, self.settings = call, settings
        self.timeouts = self.failures = 0

    def count(self, keys: str) -> None:
        if not keys:
            self.timeouts += 1
            if self.timeouts >= self.settings.max_timeouts:
                exhausted(self.call, self.settings, "no_input")
            self.call.say("ivr/timeout")
        else:
            self.failures += 1
            if self.failures >= self.settings.max_failures:
                exhausted(self.call, self.settings, "invalid_keys")
            self.call.say("ivr/invalid")


def read_key(
    call: Call, prompts: Sequence[str], valid: Container[str], settings: MenuSettings
) -> str:
    """One key from `valid`; `#` (unless valid) repeats the prompt."""
    misses = Misses(call, settings)
    while True:
        key = call.ask(
            prompts, timeout_ms=settings.timeout_ms, digit_timeout_ms=settings.digit_timeout_ms
        )
        if key and key in valid:
            return key
        if key == REPEAT:
            continue
        misses.count(key)


def ask_choice(call: Call, prompts: Sequence[str], choices: str) -> str:
    """A one-key answer inside an action (e.g. "1 confirm, 2 cancel").

    `*` returns to the menu, `0` goes to an agent, like everywhere else.
    """
    key = read_key(call, prompts, choices + BACK + AGENT, call.settings)
    if key == BACK and BACK not in choices:
        raise BackToMenu
    if key == AGENT and AGENT not in choices:
        call.to_agent("caller_request")
    return key


def ask_entry(
    call: Call,
    prompts: Sequence[str],
    *,
    min_len: int,
    max_len: int,
    secret: bool = False,
    hash_alone: bool = False,
) -> str:
    """A number keyed in and ended by `#` (card, ticket, phone number).

    Returns the digits; with `hash_alone`, `#` by itself is a valid answer and returns ""
    (prompts use it for "for this line, just press hash"). `*` anywhere goes back.
    """
    misses = Misses(call, call.settings)
    while True:
        keys = call.ask(prompts, max_digits=max_len, terminators="#", secret=secret)
        if BACK in keys:
            raise BackToMenu
        if keys == "#" and hash_alone:
            return ""
        if keys.isdigit() and min_len <= len(keys) <= max_len:
            return keys
        misses.count(keys)


def exhausted(call: Call, settings: MenuSettings, why: str) -> NoReturn:
    """The caller ran out of tries: hand to an agent or say goodbye, as configured."""
    call.visit(why)
    if settings.on_exhausted == "goodbye":
        if why == "no_input":
            call.goodbye()
        call.goodbye("ivr/too_many_errors")
    call.say("ivr/too_many_errors")
    call.to_agent(why, outcome=result.AGENT_AFTER_FAILURES)
