"""The post-call satisfaction survey: press 1 (very satisfied) to 5 (very dissatisfied)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fs_scripts.backoffice_port import BackOfficeUnavailable

if TYPE_CHECKING:
    from fs_scripts.flows.call import Call

logger = logging.getLogger(__name__)
SCORES = "12345"
_TRIES = 2


def ask_satisfaction(call: Call) -> bool:
    """Ask for a score and record it; True once the caller was thanked (which says
    goodbye), False when no valid key came (the caller still needs a goodbye)."""
    call.visit("survey")
    for _ in range(_TRIES):
        key = call.ask(["survey/ask"])
        if key and key in SCORES:
            try:
                call.backoffice.submit_survey(call.channel.call_id, int(key))
            except BackOfficeUnavailable:
                logger.warning("survey answer lost: back office unavailable")
            call.say("survey/thanks")
            return True
    return False
