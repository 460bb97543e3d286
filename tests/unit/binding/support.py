"""Fixtures for the FreeSWITCH binding tests: a fake `freeswitch` module in `sys.modules`,
the in-memory back office of the flow tests, and helpers to read what a caller heard."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from fs_scripts import entry, prompts
from fs_scripts.flows.loader import FLOWS
from tests.unit.binding.fake_freeswitch import Session, Switch
from tests.unit.flows.fake_backoffice import FakeBackOffice

REPO = Path(__file__).resolve().parents[3]
FREESWITCH_DIR = REPO / "freeswitch"


@pytest.fixture
def switch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Switch]:
    """A fresh fake `freeswitch` module; the IVR's logging and flow cache are restored after."""
    state = Switch()
    monkeypatch.setitem(sys.modules, "freeswitch", state.module())
    logger = logging.getLogger("fs_scripts")
    handlers, level = list(logger.handlers), logger.level
    FLOWS.clear()
    yield state
    FLOWS.clear()
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.fixture
def office(monkeypatch: pytest.MonkeyPatch) -> FakeBackOffice:
    """The back office every call of the test reaches."""
    backoffice = FakeBackOffice()
    monkeypatch.setattr(entry, "backoffice_for_switch", lambda _global_variable: backoffice)
    return backoffice


def call(keys: Iterable[str | None], args: str = "", **session_options: object) -> Session:
    """Call the service number, press `keys` (one item per prompt that listens), hang up."""
    session = Session(keys, **session_options)  # type: ignore[arg-type]
    entry.handler(session, args)
    return session


def prompt_id(path: str) -> str:
    """ "<sounds>/zh/menu/main.wav" -> "menu/main"."""
    relative = Path(path).relative_to(prompts.sounds_dir())
    return str(relative.with_suffix("").relative_to(relative.parts[0]))


def heard(session: Session) -> list[str]:
    """Every prompt id played or offered to the caller, in order."""
    ids: list[str] = []
    for name, detail in session.log:
        if name == "streamFile":
            ids.append(prompt_id(detail))
        elif name == "playAndGetDigits" and detail.audio_files:
            media = detail.audio_files.removeprefix("file_string://")
            ids.extend(prompt_id(path) for path in media.split("!"))
    return ids


def contains_run(items: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(items[i : i + n] == run for i in range(len(items) - n + 1))
