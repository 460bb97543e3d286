"""The switch events the queue cares about, as small typed values (pure).

`parse_event(headers, body)` maps FreeSWITCH header dicts (already url-decoded, as from
`backoffice.esl.wire` or a greenswitch event) to one of the dataclasses below, or None for
events the queue ignores. Field names follow the queue's vocabulary, not FreeSWITCH's.

Digits a caller keys may be a PIN: `Dtmf.digit` and channel variables are kept out of
repr, and nothing here logs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

VARIABLE_PREFIX = "variable_"


def _no_variables() -> Mapping[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class ChannelCreate:
    """A channel exists (used to see that an agent leg started ringing)."""

    uuid: str
    caller_number: str
    variables: Mapping[str, str] = field(default_factory=_no_variables, repr=False)


@dataclass(frozen=True, slots=True)
class ChannelPark:
    uuid: str
    caller_number: str
    destination: str
    variables: Mapping[str, str] = field(default_factory=_no_variables, repr=False)


@dataclass(frozen=True, slots=True)
class ChannelAnswer:
    uuid: str
    variables: Mapping[str, str] = field(default_factory=_no_variables, repr=False)


@dataclass(frozen=True, slots=True)
class ChannelHangup:
    """CHANNEL_HANGUP_COMPLETE: the channel is gone. `cause` is e.g. ``NORMAL_CLEARING``."""

    uuid: str
    cause: str
    variables: Mapping[str, str] = field(default_factory=_no_variables, repr=False)


@dataclass(frozen=True, slots=True)
class ChannelBridge:
    a_uuid: str
    b_uuid: str


@dataclass(frozen=True, slots=True)
class Dtmf:
    uuid: str
    digit: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class BackgroundJob:
    """The result of a ``bgapi`` command; `result` is the command's text (``+OK ...``)."""

    job_uuid: str
    command: str
    result: str

    @property
    def ok(self) -> bool:
        return self.result.startswith("+OK")


@dataclass(frozen=True, slots=True)
class SofiaRegister:
    user: str
    host: str
    contact: str
    profile: str
    expires_s: int


@dataclass(frozen=True, slots=True)
class SofiaUnregister:
    user: str
    host: str
    contact: str
    profile: str


@dataclass(frozen=True, slots=True)
class SofiaExpire:
    user: str
    host: str
    contact: str
    profile: str


EslEvent: TypeAlias = (
    ChannelCreate
    | ChannelPark
    | ChannelAnswer
    | ChannelHangup
    | ChannelBridge
    | Dtmf
    | BackgroundJob
    | SofiaRegister
    | SofiaUnregister
    | SofiaExpire
)


def parse_event(headers: Mapping[str, str], body: str = "") -> EslEvent | None:
    """Typed event for `headers` (+ body for BACKGROUND_JOB), or None if not one we use."""
    name = headers.get("Event-Name", "")
    if name == "CUSTOM":
        parse = _CUSTOM_PARSERS.get(headers.get("Event-Subclass", ""))
    else:
        parse = _PARSERS.get(name)
    return parse(headers, body) if parse else None


def parse_greenswitch_event(event: Any) -> EslEvent | None:
    """Same, for a `greenswitch.esl.ESLEvent` (its `.headers`, and `.data` if it has one)."""
    body = getattr(event, "data", "")
    return parse_event(event.headers, body if isinstance(body, str) else "")


def channel_variables(headers: Mapping[str, str]) -> dict[str, str]:
    """The ``variable_*`` headers, without the prefix."""
    return {
        name.removeprefix(VARIABLE_PREFIX): value
        for name, value in headers.items()
        if name.startswith(VARIABLE_PREFIX)
    }


def _first(headers: Mapping[str, str], *names: str) -> str:
    for name in names:
        value = headers.get(name)
        if value:
            return value
    return ""


def _create(headers: Mapping[str, str], body: str) -> ChannelCreate:
    return ChannelCreate(
        uuid=headers.get("Unique-ID", ""),
        caller_number=headers.get("Caller-Caller-ID-Number", ""),
        variables=channel_variables(headers),
    )


def _park(headers: Mapping[str, str], body: str) -> ChannelPark:
    return ChannelPark(
        uuid=headers.get("Unique-ID", ""),
        caller_number=headers.get("Caller-Caller-ID-Number", ""),
        destination=headers.get("Caller-Destination-Number", ""),
        variables=channel_variables(headers),
    )


def _answer(headers: Mapping[str, str], body: str) -> ChannelAnswer:
    return ChannelAnswer(uuid=headers.get("Unique-ID", ""), variables=channel_variables(headers))


def _hangup(headers: Mapping[str, str], body: str) -> ChannelHangup:
    return ChannelHangup(
        uuid=headers.get("Unique-ID", ""),
        cause=_first(headers, "Hangup-Cause", "variable_hangup_cause") or "NONE",
        variables=channel_variables(headers),
    )


def _bridge(headers: Mapping[str, str], body: str) -> ChannelBridge:
    return ChannelBridge(
        a_uuid=_first(headers, "Bridge-A-Unique-ID", "Unique-ID"),
        b_uuid=_first(headers, "Bridge-B-Unique-ID", "Other-Leg-Unique-ID"),
    )


def _dtmf(headers: Mapping[str, str], body: str) -> Dtmf:
    return Dtmf(uuid=headers.get("Unique-ID", ""), digit=headers.get("DTMF-Digit", ""))


def _background_job(headers: Mapping[str, str], body: str) -> BackgroundJob:
    return BackgroundJob(
        job_uuid=headers.get("Job-UUID", ""),
        command=headers.get("Job-Command", ""),
        result=body,
    )


def _registration_fields(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        "user": _first(headers, "username", "from-user", "user"),
        "host": _first(headers, "realm", "from-host", "host"),
        "contact": headers.get("contact", ""),
        "profile": headers.get("profile-name", ""),
    }


def _register(headers: Mapping[str, str], body: str) -> SofiaRegister:
    expires = headers.get("expires", "0")
    return SofiaRegister(
        **_registration_fields(headers), expires_s=int(expires) if expires.isdigit() else 0
    )


def _unregister(headers: Mapping[str, str], body: str) -> SofiaUnregister:
    return SofiaUnregister(**_registration_fields(headers))


def _expire(headers: Mapping[str, str], body: str) -> SofiaExpire:
    return SofiaExpire(**_registration_fields(headers))


_Parser: TypeAlias = Callable[[Mapping[str, str], str], EslEvent]

_PARSERS: dict[str, _Parser] = {
    "CHANNEL_CREATE": _create,
    "CHANNEL_PARK": _park,
    "CHANNEL_ANSWER": _answer,
    "CHANNEL_HANGUP_COMPLETE": _hangup,
    "CHANNEL_BRIDGE": _bridge,
    "DTMF": _dtmf,
    "BACKGROUND_JOB": _background_job,
}

_CUSTOM_PARSERS: dict[str, _Parser] = {
    "sofia::register": _register,
    "sofia::unregister": _unregister,
    "sofia::expire": _expire,
}
