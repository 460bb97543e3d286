"""Self-service changes (业务受理): stop-and-keep-number / resume, call forwarding,
caller ID, plan change.

Identity is verified first; the caller confirms; the back office refuses while the
account has arrears ("please pay first") and otherwise creates a service order whose
number is read out.
"""

from __future__ import annotations

from fs_scripts.backoffice_port import ServiceKind
from fs_scripts.flows.actions.identity import NUMBER_MAX, require_identity
from fs_scripts.flows.call import Call
from fs_scripts.flows.keypad import ask_choice, ask_entry

FORWARD_MIN = 3
CONFIRM, CANCEL = "1", "2"
REFUSAL_PROMPTS = {
    "arrears": "account/arrears_pay_first",
    "already": "flow/service_already",
    "not_allowed": "flow/service_not_allowed",
    "invalid_target": "flow/invalid_forward_number",
    "not_verified": "flow/service_not_allowed",
}


def self_service_change(
    call: Call, change: ServiceKind, enable: bool = True, target: str | None = None
) -> None:
    """Action: apply `change` (on when `enable`) to the caller's verified line.

    Call forwarding on asks for the number to forward to; a plan change takes the plan
    code from the flow (`target`).
    """
    identity = require_identity(call)
    confirm_prompts = ["service/confirm"]
    if change == "call_forwarding" and enable:
        target = ask_entry(
            call, ["service/enter_forward_number"], min_len=FORWARD_MIN, max_len=NUMBER_MAX
        )
        confirm_prompts = ["flow/forward_to_is", *call.digits(target), "service/confirm"]
    label = f"{change}:{'on' if enable else 'off'}"
    if ask_choice(call, confirm_prompts, CONFIRM + CANCEL) == CANCEL:
        call.say("service/cancelled")
        call.notes["service_change"] = f"{label} cancelled"
        return
    answer = call.backoffice.self_service(identity.token, change, enable, target)
    if answer.ok and answer.order_number:
        call.say("service/changed_order_is", *call.digits(answer.order_number))
        call.notes["service_order"] = answer.order_number
        call.told(f"service_order:{label}")
        return
    call.say(REFUSAL_PROMPTS.get(answer.reason or "", "flow/service_not_allowed"))
    call.notes["service_change"] = f"{label} refused: {answer.reason}"
    if answer.reason == "arrears":
        call.heard.append("arrears_refusal")
