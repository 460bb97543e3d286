"""Order / complaint progress by ticket number (业务进程查询).

A ticket is read out only to its own customer (the caller's line, or the number the
caller verified in this call); for anybody else's ticket the caller learns nothing
about it.
"""

from __future__ import annotations

from fs_scripts.flows.call import Call
from fs_scripts.flows.keypad import ask_entry

TICKET_MIN, TICKET_MAX = 4, 16
LOOKUPS = 2  # "not found, please check the number and try again" — once
STATE_PROMPTS = {
    "received": "ticket/status/received",
    "in_progress": "ticket/status/in_progress",
    "waiting_department": "ticket/status/waiting_department",
    "resolved": "ticket/status/resolved",
    "closed": "ticket/status/closed",
}


def ticket_status(call: Call) -> None:
    """Action: key in a ticket number, hear its status and when it last changed."""
    token = call.identity.token if call.identity else None
    for _ in range(LOOKUPS):
        number = ask_entry(call, ["ticket/enter_number"], min_len=TICKET_MIN, max_len=TICKET_MAX)
        ticket = call.backoffice.ticket_status(call.caller.number, number, token)
        if not ticket.found:
            call.say("ticket/not_found")
            continue
        if not ticket.owned_by_caller:
            call.say("flow/ticket_not_yours")
            return
        call.say("ticket/number_is", *call.digits(number))
        call.say(
            "ticket/status_is", STATE_PROMPTS.get(ticket.status or "", STATE_PROMPTS["in_progress"])
        )
        if ticket.updated is not None:
            call.say("flow/ticket_updated_on", *call.date(ticket.updated))
        call.notes["ticket_queried"] = number
        call.told("ticket_status")
        return
