"""Balance and latest bill (话费查询), read out as money in the caller's language."""

from __future__ import annotations

from fs_scripts.flows.actions.identity import require_identity
from fs_scripts.flows.call import Call


def read_balance(call: Call) -> None:
    """Action: "Your current balance is 123 yuan 4 jiao 5 fen" (or the amount owed)."""
    identity = require_identity(call)
    balance = call.backoffice.balance(identity.token)
    if balance.balance_fen < 0:
        call.say("balance/arrears_is", *call.money(-balance.balance_fen))
    else:
        call.say("balance/is", *call.money(balance.balance_fen))
    call.told("balance")


def read_bill(call: Call) -> None:
    """Action: the latest bill's amount, due date, and whether it is paid."""
    identity = require_identity(call)
    bill = call.backoffice.latest_bill(identity.token)
    if bill is None:
        call.say("bill/none")
    else:
        call.say(
            "bill/latest_is",
            *call.money(bill.amount_fen),
            "bill/due_date_is",
            *call.date(bill.due_date),
            "bill/paid" if bill.paid else "bill/unpaid",
        )
    call.told("bill")
