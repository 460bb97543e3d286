"""Identity by phone number + 6-digit PIN (verify_pin).

- A caller on one of our lines is verified for that line without keying the number in
  (the own line is offered by default); anyone else keys in the number first.
- Two wrong entries per call end the self-service (configurable: goodbye or agent).
  The back office counts failures across calls and locks the PIN; a locked PIN is
  explained and an agent offered, because only an agent may reset it.
- The PIN exists only as `SecretDigits` on its way to the back office.
"""

from __future__ import annotations

from typing import NoReturn

from fs_scripts.backoffice_port import SecretDigits
from fs_scripts.flows import result
from fs_scripts.flows.call import BackToMenu, Call, Identity
from fs_scripts.flows.keypad import AGENT, BACK, ask_entry, exhausted

PIN_LENGTH = 6
NUMBER_MIN, NUMBER_MAX = 5, 20


def verify_pin(call: Call) -> None:
    """Action: prove the caller's identity now (later actions reuse it)."""
    require_identity(call)


def require_identity(call: Call, number: str | None = None) -> Identity:
    """The verified identity for `number` (default: the caller's line, or ask for one),
    asking for the PIN if this call has not proved it yet."""
    if call.identity and (number is None or call.identity.number == number):
        return call.identity
    call.visit("verify_pin")
    if number is None:
        number = own_or_keyed_number(call, ["flow/enter_your_number"])
    timeouts = 0
    while True:
        pin = call.ask(["pin/enter"], max_digits=PIN_LENGTH, terminators="#", secret=True)
        if BACK in pin:
            raise BackToMenu
        if not pin:
            timeouts += 1
            if timeouts >= call.settings.max_timeouts:
                exhausted(call, call.settings, "no_input")
            call.say("ivr/timeout")
            continue
        if len(pin) != PIN_LENGTH or not pin.isdigit():
            call.say("flow/pin_six_digits")
            _count_failure(call)
            continue
        answer = call.backoffice.verify_pin(call.channel.call_id, number, SecretDigits(pin))
        del pin
        if answer.status == "ok" and answer.token:
            call.identity = Identity(number, answer.token)
            call.visit("verified")
            return call.identity
        if answer.status == "locked":
            pin_locked(call)
        call.failed_pin_attempts += 1
        if call.failed_pin_attempts >= call.config.pin_tries_per_call:
            _too_many_wrong_pins(call)
        call.say("pin/wrong")


def own_or_keyed_number(call: Call, stranger_prompt: list[str]) -> str:
    """The caller's own line when they call from one, else a number they key in."""
    if call.caller.is_customer:
        return call.caller.number
    return ask_entry(call, stranger_prompt, min_len=NUMBER_MIN, max_len=NUMBER_MAX)


def pin_locked(call: Call) -> NoReturn:
    """Explain the lock and offer an agent; otherwise a polite goodbye."""
    call.visit("pin_locked")
    call.notes["pin"] = "locked"
    if call.ask(["pin/locked", "flow/agent_offer"]) == AGENT:
        call.to_agent("pin_locked", skill="general", outcome=result.AGENT_AFTER_FAILURES)
    call.goodbye(outcome=result.PIN_FAILED, survey=False)


def _count_failure(call: Call) -> None:
    """A malformed entry (not six digits) uses up one of the call's tries too."""
    call.failed_pin_attempts += 1
    if call.failed_pin_attempts >= call.config.pin_tries_per_call:
        _too_many_wrong_pins(call)


def _too_many_wrong_pins(call: Call) -> NoReturn:
    call.visit("pin_failed")
    if call.config.after_pin_failure == "agent":
        call.say("pin/too_many_attempts")
        call.to_agent("pin_failed", outcome=result.AGENT_AFTER_FAILURES)
    call.goodbye("pin/too_many_attempts", outcome=result.PIN_FAILED, survey=False)
