"""What `freeswitch/scripts/callcenter_ivr.py` (the mod_python3 entry module) runs.

`handler(session, args)` drives one call: a `FreeSwitchChannel` over the session, the
call-flow engine, the shared back-office client. It never lets an error reach the switch
with the caller still on the line: whatever escapes the engine is logged with the call's
uuid and the caller is sent to the fallback agent queue (and if even that fails, the
dialplan's own last actions do it). It returns as soon as the caller is gone.

`fsapi(session, stream, env, args)` answers `python callcenter_ivr` at the console with
a readiness report (`fs_selfcheck`).

The `freeswitch` module exists only inside the switch (tests put a fake in `sys.modules`),
so it is looked up when a call arrives, not when this module is imported.
"""

from __future__ import annotations

import importlib
import logging
import os
from types import ModuleType
from typing import Any, cast

from fs_scripts.backoffice_port import BackOffice
from fs_scripts.flows import run_call
from fs_scripts.freeswitch_channel import FreeSwitchChannel
from fs_scripts.fs_backoffice import SkillNotingBackOffice, backoffice_for_switch, backoffice_target
from fs_scripts.fs_logging import install_console_logging
from fs_scripts.fs_options import IvrOptions, read_options
from fs_scripts.fs_selfcheck import self_check

logger = logging.getLogger(__name__)


def _switch() -> ModuleType:
    module = importlib.import_module("freeswitch")
    install_console_logging(module.consoleLog)
    return module


def handler(session: Any, args: str) -> None:
    """mod_python3's entry for `<action application="python" data="callcenter_ivr ..."/>`."""
    options = IvrOptions()
    channel: FreeSwitchChannel | None = None
    try:
        switch = _switch()
        options, problems = read_options(args or "", session.getVariable)
        for problem in problems:
            logger.warning("call %s: option %s", _uuid(session), problem)
        channel = FreeSwitchChannel(session, context=options.context)
        channel.start()
        backoffice = SkillNotingBackOffice(
            backoffice_for_switch(switch.getGlobalVariable), channel.note_queue_skill
        )
        result = run_call(channel, cast(BackOffice, backoffice), config=options.flow)
        channel.note_outcome(result.outcome)
        logger.info(
            "call %s: IVR ended: %s, path %s",
            channel.call_id,
            result.outcome,
            "/".join(result.path),
        )
    except BaseException:  # everything: the caller must not be left in silence
        logger.exception(
            "call %s: IVR failed; sending the caller to %s",
            _uuid(session),
            options.flow.fallback_destination,
        )
        _rescue(session, channel, options)


def _rescue(session: Any, channel: FreeSwitchChannel | None, options: IvrOptions) -> None:
    """Apologise and transfer to the fallback queue, if the caller is still ours."""
    try:
        if (channel is not None and channel.left_ivr) or not session.ready():
            return
        if channel is not None:
            try:
                channel.play(["ivr/system_unavailable"])
            except Exception:
                logger.warning("call %s: apology not played", _uuid(session), exc_info=True)
            if not session.ready():
                return
        destination = options.flow.fallback_destination
        if not session.transfer(destination, "XML", options.context):
            logger.error("call %s: fallback transfer to %s refused", _uuid(session), destination)
    except BaseException:
        logger.exception("call %s: fallback transfer failed", _uuid(session))


def _uuid(session: Any) -> str:
    try:
        return str(session.get_uuid())
    except BaseException:  # noqa: BLE001 - only for a log line about a broken session
        return "?"


def fsapi(session: Any, stream: Any, env: Any, args: str) -> None:
    """mod_python3's entry for the API command `python callcenter_ivr`."""
    switch = _switch()
    target = backoffice_target(os.environ, switch.getGlobalVariable)
    _, lines = self_check(backoffice_for_switch(switch.getGlobalVariable), target)
    stream.write("\n".join(lines) + "\n")
