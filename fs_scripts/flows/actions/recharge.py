"""Top-up with a prepaid recharge card (电信卡/缴费卡充值).

Anyone may top up any line, so no PIN is asked. The new balance is read out only to a
caller entitled to hear it: calling from that line, or verified for it in this call.
"""

from __future__ import annotations

from fs_scripts.backoffice_port import SecretDigits
from fs_scripts.flows.actions.identity import NUMBER_MAX, NUMBER_MIN
from fs_scripts.flows.call import Call
from fs_scripts.flows.keypad import ask_entry

CARD_SERIAL_MIN, CARD_SERIAL_MAX = 8, 20
CARD_PIN_MIN, CARD_PIN_MAX = 6, 20
REFUSAL_PROMPTS = {
    "invalid_card": "card/invalid",
    "used_card": "card/used",
    "expired_card": "flow/card_expired",
    "unknown_number": "flow/unknown_number",
    "locked": "flow/card_locked",
}


def pay_with_card(call: Call) -> None:
    """Action: number to top up (this line by `#`), card serial, card PIN."""
    number = _number_to_top_up(call)
    serial = ask_entry(
        call, ["card/enter_number"], min_len=CARD_SERIAL_MIN, max_len=CARD_SERIAL_MAX
    )
    card_pin = ask_entry(
        call, ["card/enter_pin"], min_len=CARD_PIN_MIN, max_len=CARD_PIN_MAX, secret=True
    )
    token = call.identity.token if call.identity and call.identity.number == number else None
    outcome = call.backoffice.pay_with_card(
        call.channel.call_id, number, serial, SecretDigits(card_pin), token
    )
    del card_pin
    if not outcome.ok:
        call.say(REFUSAL_PROMPTS.get(outcome.reason or "", "card/invalid"))
        call.notes["recharge"] = f"refused: {outcome.reason}"
        return
    call.say("card/amount_is", *call.money(outcome.amount_fen))
    entitled = token is not None or (call.caller.is_customer and number == call.caller.number)
    if entitled and outcome.new_balance_fen is not None:
        call.say("card/success_new_balance", *call.money(outcome.new_balance_fen))
    else:
        call.say("flow/recharge_ok")
    call.notes["recharge"] = f"{outcome.amount_fen} fen to {number}"
    call.told("recharge")


def _number_to_top_up(call: Call) -> str:
    if not call.caller.is_customer:
        return ask_entry(call, ["flow/card_target_number"], min_len=NUMBER_MIN, max_len=NUMBER_MAX)
    keyed = ask_entry(
        call, ["card/enter_target_number"], min_len=NUMBER_MIN, max_len=NUMBER_MAX, hash_alone=True
    )
    return keyed or call.caller.number
