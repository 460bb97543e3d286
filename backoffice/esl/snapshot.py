"""What is on the switch right now: channels and registrations, read through ``api``.

Parsing is pure; `read_snapshot` only needs an ``api(command) -> str`` callable (an
`EslConnection`, or a stub in tests). ``show channels as json`` carries no channel
variables, so the queue marker (`QUEUE_SKILL_VARIABLE`, set by the IVR when a caller
enters the queue) is read per channel with ``uuid_getvar``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from backoffice.acd.switch_port import SwitchError

# Set by the IVR on a caller's channel when it joins the agent queue; value: the skill code.
QUEUE_SKILL_VARIABLE = "callcenter_queue_skill"
UNDEFINED = "_undef_"

_UUID = re.compile(r"^[0-9a-fA-F-]{36}$")
_VARIABLE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")


@dataclass(frozen=True, slots=True)
class SwitchChannel:
    uuid: str
    caller_number: str
    destination: str
    application: str
    queue_skill: str | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    user: str
    realm: str


@dataclass(frozen=True, slots=True)
class SwitchSnapshot:
    channels: tuple[SwitchChannel, ...]
    registrations: tuple[Registration, ...]

    def channel_uuids(self) -> frozenset[str]:
        return frozenset(channel.uuid for channel in self.channels)


def parse_show_channels(text: str) -> list[SwitchChannel]:
    return [
        SwitchChannel(
            uuid=row.get("uuid", ""),
            caller_number=row.get("cid_num", ""),
            destination=row.get("dest", ""),
            application=row.get("application", ""),
        )
        for row in _show_rows(text)
    ]


def parse_show_registrations(text: str) -> list[Registration]:
    return [Registration(row.get("reg_user", ""), row.get("realm", "")) for row in _show_rows(text)]


def read_snapshot(
    api: Callable[[str], str], queue_variable: str = QUEUE_SKILL_VARIABLE
) -> SwitchSnapshot:
    """Channels (with their queue skill, if any) and registrations, as the switch sees them."""
    if not _VARIABLE_NAME.fullmatch(queue_variable):
        raise ValueError("invalid queue variable name")
    channels = []
    for channel in parse_show_channels(api("show channels as json")):
        if not _UUID.fullmatch(channel.uuid):
            continue
        value = api(f"uuid_getvar {channel.uuid} {queue_variable}").strip()
        if value.startswith("-ERR"):
            continue  # hung up since the listing
        skill = None if value in ("", UNDEFINED) else value
        channels.append(
            SwitchChannel(
                channel.uuid, channel.caller_number, channel.destination, channel.application, skill
            )
        )
    registrations = parse_show_registrations(api("show registrations as json"))
    return SwitchSnapshot(tuple(channels), tuple(registrations))


def _show_rows(text: str) -> list[dict[str, str]]:
    """Rows of ``show ... as json``. Zero rows come as ``{"row_count": 0}`` with no rows key."""
    stripped = text.strip()
    if stripped.startswith(("-ERR", "-USAGE")):
        raise SwitchError(f"show failed: {stripped}")
    document = json.loads(stripped)
    rows = document.get("rows") or []
    return [row for row in rows if isinstance(row, dict)]
