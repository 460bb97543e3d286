"""Set or change the 6-digit PIN (密码服务) — only from the line itself.

The caller must be calling from one of our lines; if that line already has a PIN, the
old one is verified first. The new PIN is keyed in twice; the back office refuses
PINs that are too simple. PIN digits exist only as `SecretDigits` and local strings
that are dropped at once.
"""

from __future__ import annotations

from fs_scripts.backoffice_port import SecretDigits
from fs_scripts.flows.actions.identity import PIN_LENGTH, pin_locked, require_identity
from fs_scripts.flows.call import BackToMenu, Call
from fs_scripts.flows.keypad import BACK

ATTEMPTS = 2
REFUSAL_PROMPTS = {
    "weak": "pin/too_simple",
    "same_as_old": "flow/pin_same_as_old",
    "not_own_line": "pin/own_line_only",
    "not_verified": "pin/own_line_only",
}


def change_pin(call: Call) -> None:
    """Action: verify the old PIN (if any), key the new one in twice, save it."""
    if not call.caller.is_customer:
        call.say("pin/own_line_only")
        return
    number = call.caller.number
    token = require_identity(call, number).token if call.caller.pin_set else None
    for _ in range(ATTEMPTS):
        new_pin = _ask_pin(call, "pin/enter_new")
        if new_pin is None:
            continue
        if _ask_pin(call, "pin/enter_new_again") != new_pin:
            call.say("pin/mismatch")
            continue
        answer = call.backoffice.change_pin(
            call.channel.call_id, number, SecretDigits(new_pin), token
        )
        del new_pin
        if answer.ok:
            call.say("pin/changed")
            call.notes["pin"] = "changed"
            call.told("pin_changed")
            return
        if answer.reason == "locked":
            pin_locked(call)
        call.say(REFUSAL_PROMPTS.get(answer.reason or "", "pin/too_simple"))
        if answer.reason not in ("weak", "same_as_old"):
            return
    call.say("ivr/too_many_errors")


def _ask_pin(call: Call, prompt: str) -> str | None:
    """Six digits, or None (after saying why) for anything else; `*` goes back."""
    keys = call.ask([prompt], max_digits=PIN_LENGTH, terminators="#", secret=True)
    if BACK in keys:
        raise BackToMenu
    if len(keys) == PIN_LENGTH and keys.isdigit():
        return keys
    call.say("ivr/timeout" if not keys else "flow/pin_six_digits")
    return None
