"""Decode the body of an event frame (pure).

FreeSWITCH sends each event as ``Content-Length: N`` + ``Content-Type: text/event-plain``
(or ``text/event-json``), a blank line, then N bytes:

- plain: one ``Name: url-encoded value`` line per header, then a blank line; an event with
  a body (``BACKGROUND_JOB``) adds ``Content-Length: M`` as its last header and the M body
  bytes after the blank line;
- json: one object of string headers, the body (if any) under ``_body``.

greenswitch decodes neither correctly (it url-decodes the whole frame before splitting
lines and folds a plain body into the previous header; it cannot read JSON at all), so the
connection hands the raw bytes to these functions instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

PLAIN = "text/event-plain"
JSON = "text/event-json"
EVENT_CONTENT_TYPES = frozenset({PLAIN, JSON})


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One event as headers + body. Headers and body stay out of repr: they may hold digits."""

    headers: Mapping[str, str] = field(repr=False)
    body: str = field(default="", repr=False)

    @property
    def name(self) -> str:
        return self.headers.get("Event-Name", "")


def decode_event(content_type: str, data: bytes) -> RawEvent:
    """Decode an event frame body according to its ``Content-Type``."""
    if content_type == PLAIN:
        return decode_plain_event(data)
    if content_type == JSON:
        return decode_json_event(data)
    raise ValueError(f"not an event content type: {content_type!r}")


def decode_plain_event(data: bytes) -> RawEvent:
    header_block, _, rest = data.partition(b"\n\n")
    headers: dict[str, str] = {}
    for line in header_block.decode("utf-8", errors="replace").split("\n"):
        name, separator, value = line.partition(":")
        if not separator:
            continue
        headers[name.strip()] = unquote(value.removeprefix(" "))
    body = b""
    if "Content-Length" in headers:
        body = rest[: int(headers["Content-Length"])]
    return RawEvent(headers=headers, body=body.decode("utf-8", errors="replace"))


def decode_json_event(data: bytes) -> RawEvent:
    document = json.loads(data)
    if not isinstance(document, dict):
        raise TypeError("event-json body is not an object")
    body = document.pop("_body", "")
    headers = {str(name): _header_text(value) for name, value in document.items()}
    return RawEvent(headers=headers, body=str(body))


def _header_text(value: object) -> str:
    """Array headers come as JSON lists; render them the way plain events do."""
    if isinstance(value, list):
        return "ARRAY::" + "|:".join(str(item) for item in value)
    return str(value)
