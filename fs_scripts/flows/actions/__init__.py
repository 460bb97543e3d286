"""The fixed set of actions a flow document may name, with the parameters each takes.

Each action is a plain function `handler(call, **params) -> None` in its own module;
it talks to the caller through `Call` and to the back office through `call.backoffice`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from fs_scripts.backoffice_port import ServiceKind
from fs_scripts.flows.actions.account import read_balance, read_bill
from fs_scripts.flows.actions.faults import FAULT_CODES, report_fault
from fs_scripts.flows.actions.identity import verify_pin
from fs_scripts.flows.actions.info import TOPICS, play_info
from fs_scripts.flows.actions.pin_change import change_pin
from fs_scripts.flows.actions.queue import number_lookup, to_queue
from fs_scripts.flows.actions.recharge import pay_with_card
from fs_scripts.flows.actions.self_service import self_service_change
from fs_scripts.flows.actions.survey import survey
from fs_scripts.flows.actions.tickets import ticket_status
from fs_scripts.flows.definition import ActionSpec, Param


def _self_service_check(params: Mapping[str, Any]) -> str | None:
    if params["change"] == "plan" and "target" not in params:
        return "a plan change needs the plan code as 'target'"
    if params["change"] != "plan" and "target" in params:
        return "'target' is only for plan changes (forwarding asks the caller)"
    return None


ACTIONS: Mapping[str, ActionSpec] = {
    "verify_pin": ActionSpec(verify_pin),
    "read_balance": ActionSpec(read_balance),
    "read_bill": ActionSpec(read_bill),
    "pay_with_card": ActionSpec(pay_with_card),
    "ticket_status": ActionSpec(ticket_status),
    "report_fault": ActionSpec(report_fault, {"fault": Param(str, choices=FAULT_CODES)}),
    "change_pin": ActionSpec(change_pin),
    "self_service_change": ActionSpec(
        self_service_change,
        {
            "change": Param(str, choices=get_args(ServiceKind)),
            "enable": Param(bool, required=False),
            "target": Param(str, required=False),
        },
        check=_self_service_check,
    ),
    "play_info": ActionSpec(play_info, {"topic": Param(str, choices=TOPICS)}),
    "to_queue": ActionSpec(to_queue, {"skill": Param(str), "topic": Param(str, required=False)}),
    "number_lookup": ActionSpec(number_lookup),
    "survey": ActionSpec(survey),
}
