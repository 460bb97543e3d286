"""Welcome and language choice (普通话 / English), remembered per line.

A line that chose before is greeted in its language with no question. Otherwise the
caller hears the welcome in the default language and the bilingual choice; silence or
a wrong key twice keeps the default. The choice is saved for the line (best effort: a
back office that cannot save it does not stop the call).
"""

from __future__ import annotations

import logging

from fs_scripts.backoffice_port import BackOfficeUnavailable
from fs_scripts.flows.call import Call
from fs_scripts.flows.definition import LanguageMenu

logger = logging.getLogger(__name__)


def choose_language(call: Call, menu: LanguageMenu | None) -> None:
    remembered = call.caller.language
    if remembered is not None:
        call.channel.language = remembered
    call.say("ivr/welcome")
    if remembered is not None or menu is None:
        return
    call.visit("language")
    chosen = None
    for _ in range(menu.max_tries):
        key = call.ask(menu.prompt)
        if key in menu.keys:
            chosen = menu.keys[key]
            break
    call.channel.language = chosen or menu.default
    call.visit(f"language:{call.language}")
    if chosen is not None and call.caller.is_customer:
        try:
            call.backoffice.set_language(call.caller.number, chosen)
        except BackOfficeUnavailable:
            logger.warning("call %s: language choice not saved", call.channel.call_id)
