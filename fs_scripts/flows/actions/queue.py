"""Reaching people: an agent queue of a skill, and number lookup (号码查询)."""

from __future__ import annotations

from fs_scripts.flows import skills
from fs_scripts.flows.call import Call


def to_queue(call: Call, skill: str, topic: str | None = None) -> None:
    """Action: transfer to the agent queue of `skill` (the need is known: specialist)."""
    call.to_agent("caller_request", skill=skill, topic=topic)


def number_lookup(call: Call) -> None:
    """Action: number lookup is answered by the directory desk."""
    call.to_agent(
        "caller_request",
        skill=skills.DIRECTORY,
        announce=("lookup/transfer",),
        topic="number_lookup",
    )
