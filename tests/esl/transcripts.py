"""Raw event-socket captures from a real FreeSWITCH 1.10.12, split into blocks and frames.

Each capture file is a sequence of ``----- SERVER->CLIENT (N bytes) -----`` (or
``CLIENT->SERVER``) marker lines, each followed by exactly N raw bytes (the capture adds a
newline before the next marker when the bytes did not end with one).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

DIRECTORY = Path(__file__).parent / "transcripts"
AUTH_AND_PLAIN = "01-auth-api-bgapi-plain-events.txt"
JSON_EVENTS = "02-json-events-park-dtmf-hangup.txt"
SOFIA_REGISTRATION = "03-sofia-register-unregister.txt"

_MARKER = re.compile(
    rb"\n?----- (?P<direction>SERVER->CLIENT|CLIENT->SERVER)(?P<note>[^\n]*?) \((?P<size>\d+) bytes\) -----\n"
)


@dataclass(frozen=True)
class Block:
    direction: str  # "SERVER->CLIENT" or "CLIENT->SERVER"
    note: str
    data: bytes

    @property
    def from_server(self) -> bool:
        return self.direction == "SERVER->CLIENT"


@dataclass(frozen=True)
class Frame:
    """One server message: its envelope headers and its Content-Length body."""

    envelope: dict[str, str]
    body: bytes
    raw: bytes

    @property
    def content_type(self) -> str:
        return self.envelope.get("Content-Type", "")


def blocks(name: str) -> list[Block]:
    data = (DIRECTORY / name).read_bytes()
    result, position = [], 0
    while position < len(data):
        marker = _MARKER.match(data, position)
        if marker is None:
            raise ValueError(f"{name}: no marker at byte {position}")
        size = int(marker["size"])
        start = marker.end()
        result.append(
            Block(
                marker["direction"].decode(),
                marker["note"].decode().strip(),
                data[start : start + size],
            )
        )
        position = start + size
    return result


def frames(data: bytes) -> list[Frame]:
    """Split the bytes the server sent in one go into its messages."""
    result, position = [], 0
    while position < len(data):
        end = data.index(b"\n\n", position)
        envelope = dict(line.split(": ", 1) for line in data[position:end].decode().split("\n"))
        length = int(envelope.get("Content-Length", "0"))
        body = data[end + 2 : end + 2 + length]
        result.append(Frame(envelope, body, data[position : end + 2 + length]))
        position = end + 2 + length
    return result


def server_frames(name: str) -> list[Frame]:
    return [frame for block in blocks(name) if block.from_server for frame in frames(block.data)]


def plain_event_headers(body: bytes) -> tuple[list[tuple[str, str]], str | None]:
    """Ordered, url-decoded headers of a text/event-plain body, and its own body if any."""
    header_block, _, rest = body.partition(b"\n\n")
    headers = []
    for line in header_block.decode().split("\n"):
        name, value = line.split(": ", 1)
        headers.append((name, unquote(value)))
    if headers and headers[-1][0] == "Content-Length":
        length = int(headers.pop()[1])
        return headers, rest[:length].decode()
    return headers, None


def json_event_headers(body: bytes) -> tuple[list[tuple[str, str]], str | None]:
    pairs: list[tuple[str, str]] = json.loads(body, object_pairs_hook=list)  # keeps repeats
    document = dict(pairs)
    event_body = document.get("_body")
    if event_body is not None:
        pairs = [(k, v) for k, v in pairs if k not in ("_body", "Content-Length")]
    return pairs, event_body


def event_frames(name: str, content_type: str) -> list[Frame]:
    return [frame for frame in server_frames(name) if frame.content_type == content_type]
