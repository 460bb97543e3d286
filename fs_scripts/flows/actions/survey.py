"""The satisfaction survey as a menu action: ask for 1-5, thank, goodbye."""

from __future__ import annotations

from fs_scripts.flows.call import Call


def survey(call: Call) -> None:
    """Action: run the survey now and end the call."""
    call.goodbye(survey=True)
