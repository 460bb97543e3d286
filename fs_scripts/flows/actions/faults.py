"""Fault report (障碍申告) with the unified reply (统一口径) for known incidents.

The back office first matches known network incidents in the line's area: then the
caller hears the cause and the expected fix, and no duplicate ticket is opened.
Otherwise a fault ticket is opened and its number read out.
"""

from __future__ import annotations

from typing import get_args

from fs_scripts.backoffice_port import FaultCode, IncidentCause
from fs_scripts.flows.actions.identity import own_or_keyed_number
from fs_scripts.flows.call import Call

FAULT_CODES: tuple[FaultCode, ...] = get_args(FaultCode)
CAUSES: tuple[str, ...] = get_args(IncidentCause)


def report_fault(call: Call, fault: FaultCode) -> None:
    """Action: report a fault of kind `fault` on the caller's line (or a keyed-in one)."""
    number = own_or_keyed_number(call, ["flow/fault_enter_number"])
    token = call.identity.token if call.identity and call.identity.number == number else None
    answer = call.backoffice.report_fault(call.channel.call_id, number, fault, token)
    if answer.incident is not None:
        cause = answer.incident.cause if answer.incident.cause in CAUSES else "other"
        call.say("fault/known_incident", "fault/cause_is", f"fault/cause/{cause}")
        if answer.incident.eta is not None:
            eta = answer.incident.eta
            call.say("fault/expected_fix_is", *call.date(eta.date()), *call.time(eta.time()))
        call.notes["fault"] = f"known incident: {cause}"
        call.told("known_incident")
        return
    if answer.ticket_number:
        call.say("fault/ticket_opened", *call.digits(answer.ticket_number))
        call.notes["fault_ticket"] = answer.ticket_number
        call.told("fault_ticket")
        return
    call.to_agent("fault_not_registered", skill="faults")
