"""Phone keys as the simulators accept them: 0-9, * and #."""

from __future__ import annotations

import re

KEYS = "0123456789*#"
KEYS_PATTERN = r"^[0-9*#]+$"
_KEYS = re.compile(KEYS_PATTERN)
MASK = "******"


def are_keys(text: str) -> bool:
    return bool(_KEYS.fullmatch(text))


def entry_from_line(line: str, max_digits: int, terminators: str) -> str:
    """What a collect returns when the caller types `line` at once (the terminal phone).

    The same rule as the scripted caller: a terminator alone is returned as itself; keys
    after a terminator or beyond `max_digits` are dropped.
    """
    if line and line[0] in terminators:
        return line[0]
    keys = ""
    for key in line:
        if key in terminators:
            break
        keys += key
    return keys[:max_digits]
