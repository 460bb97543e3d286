"""`run_call`: one call from the first prompt to its end, never crashing, never silent.

    identify the caller -> refuse a blacklisted number politely
    -> welcome, language (remembered per line) -> the menus (navigator.py)
    -> the call leaves the IVR: transfer, goodbye or hang-up
    -> report path / outcome / containment to the back office (best effort)

Whatever fails — the back office (`BackOfficeUnavailable`) or a bug — the caller hears
an apology and goes to the configured fallback agent queue.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fs_scripts.backoffice_port import BackOffice, BackOfficeUnavailable
from fs_scripts.channel import Channel
from fs_scripts.flows import result
from fs_scripts.flows.call import Call, CallEnded
from fs_scripts.flows.config import DEFAULT_CONFIG, FlowConfig
from fs_scripts.flows.definition import Flow
from fs_scripts.flows.language import choose_language
from fs_scripts.flows.loader import FLOWS, load_flow
from fs_scripts.flows.navigator import Navigator

logger = logging.getLogger(__name__)


def run_call(
    channel: Channel,
    backoffice: BackOffice,
    flow: Flow | Mapping[str, Any] | None = None,
    config: FlowConfig = DEFAULT_CONFIG,
) -> result.CallResult:
    """Drive one call through the IVR and return how it went.

    `flow`: a flow document or parsed `Flow`; None takes the back office's current one
    (cached, with the built-in tree as fallback). An explicit document that fails the
    checks raises `FlowError` before the call is touched.
    """
    if flow is None:
        chosen = FLOWS.get(backoffice, config.flow_name, config.flow_refresh_s)
    elif isinstance(flow, Flow):
        chosen = flow
    else:
        chosen = load_flow(flow)
    channel.language = config.default_language
    call = Call(channel, backoffice, config, chosen.defaults)
    _drive(call, chosen)
    outcome = call.result()
    _report(backoffice, channel.call_id, outcome)
    return outcome


def _drive(call: Call, flow: Flow) -> None:
    try:
        _converse(call, flow)
    except CallEnded:
        return
    except BackOfficeUnavailable:
        logger.warning("call %s: back office unavailable, falling back", call.channel.call_id)
        _fall_back(call, "backoffice_down")
    except Exception:
        logger.exception("call %s: flow failed, falling back", call.channel.call_id)
        _fall_back(call, "error")


def _converse(call: Call, flow: Flow) -> None:
    if not call.channel.ready():
        call.hung_up()
    call.caller = call.backoffice.identify(call.channel.caller_number)
    if call.caller.blacklisted:
        call.visit("refused")
        call.say("queue/refused")
        call.hang_up(result.REFUSED)
    choose_language(call, flow.language)
    Navigator(call, flow).run()


def _fall_back(call: Call, reason: str) -> None:
    try:
        call.fall_back(reason)
    except CallEnded:
        return
    except Exception:  # the channel itself failed: nothing more we can do for this caller
        logger.exception("call %s: fallback transfer failed", call.channel.call_id)
        call.outcome = call.outcome or result.HANGUP


def _report(backoffice: BackOffice, call_id: str, outcome: result.CallResult) -> None:
    try:
        backoffice.report_outcome(call_id, list(outcome.path), outcome.outcome, outcome.contained)
    except Exception:  # best effort: the call is over either way
        logger.warning("call %s: outcome not reported", call_id, exc_info=True)
