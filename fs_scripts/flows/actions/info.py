"""Consultation (业务咨询): recorded information on a topic."""

from __future__ import annotations

from fs_scripts.flows.call import Call

TOPICS = ("tariffs", "value_added", "other")


def play_info(call: Call, topic: str) -> None:
    """Action: play `info/<topic>` (tariffs, value-added services, other)."""
    call.say(f"info/{topic}")
    call.told(f"info:{topic}")
