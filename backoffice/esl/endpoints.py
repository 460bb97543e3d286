"""The operator's agent endpoints: which dial string rings which agent.

Dial strings come only from this configuration (e.g. ``{"1001": "user/1001"}``), never
from anything a caller typed, and are checked once at start so a typo cannot smuggle
extra arguments or channel variables into an ``originate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from backoffice.acd.switch_port import UnknownAgentEndpoint

DIAL_STRING = re.compile(r"^[a-z][a-z0-9_.]*/[A-Za-z0-9_.@:/+-]+$")
_USER_DIAL_STRING = re.compile(
    r"^user/(?P<user>[A-Za-z0-9_.+-]+)(?:@(?P<domain>[A-Za-z0-9_.:-]+))?$"
)


@dataclass(frozen=True, slots=True)
class UserAddress:
    """The directory user a ``user/...`` dial string rings; `domain` None means any."""

    user: str
    domain: str | None


class AgentEndpoints(Mapping[str, str]):
    """agent endpoint key (e.g. the agent's extension) -> validated dial string."""

    def __init__(self, dial_strings: Mapping[str, str]) -> None:
        for key, dial_string in dial_strings.items():
            if not DIAL_STRING.fullmatch(dial_string):
                raise ValueError(f"agent endpoint {key!r}: unsafe or malformed dial string")
        self._dial_strings = dict(dial_strings)

    def dial_string(self, key: str) -> str:
        try:
            return self._dial_strings[key]
        except KeyError:
            raise UnknownAgentEndpoint(
                f"no dial string configured for agent endpoint {key!r}"
            ) from None

    def user_address(self, key: str) -> UserAddress | None:
        """The registered user behind `key`, or None if it is not a ``user/`` dial string."""
        match = _USER_DIAL_STRING.fullmatch(self.dial_string(key))
        return UserAddress(match["user"], match["domain"]) if match else None

    def __getitem__(self, key: str) -> str:
        return self._dial_strings[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dial_strings)

    def __len__(self) -> int:
        return len(self._dial_strings)
