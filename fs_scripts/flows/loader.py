"""Which menu tree a call uses: the back office's current version, cached, with the
built-in tree as the fallback.

The cache lives in this module, which FreeSWITCH imports once and keeps (only the entry
module is reloaded per call), so the back office is asked at most every
`refresh_s` seconds, and sends the tree only when its version changed. A document that
fails the checks of `parse_flow` is never used: the last good tree (or the built-in one)
stays in service and the problem is logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from fs_scripts.backoffice_port import BackOffice, BackOfficeUnavailable
from fs_scripts.flows.actions import ACTIONS
from fs_scripts.flows.builtin import BUILTIN_FLOW
from fs_scripts.flows.definition import Flow, FlowError, parse_flow

logger = logging.getLogger(__name__)


def load_flow(document: Mapping[str, Any]) -> Flow:
    """Check a flow document against the engine's actions (raises `FlowError`)."""
    return parse_flow(document, ACTIONS)


BUILTIN = load_flow(BUILTIN_FLOW)


class FlowCache:
    """The current flow per name; thread-safe (the switch runs each call in a thread)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._flows: dict[str, Flow] = {}
        self._checked_at: dict[str, float] = {}

    def get(self, backoffice: BackOffice, name: str, refresh_s: float) -> Flow:
        with self._lock:
            current = self._flows.get(name, BUILTIN)
            checked = self._checked_at.get(name)
            if checked is not None and self._clock() - checked < refresh_s:
                return current
            # Claim the refresh so that concurrent calls keep using the current flow.
            self._checked_at[name] = self._clock()
        known = current.version if name in self._flows else None
        fresh = self._fetch(backoffice, name, known)
        if fresh is None:
            return current
        with self._lock:
            self._flows[name] = fresh
        logger.info("flow %s version %s in service", name, fresh.version)
        return fresh

    def clear(self) -> None:
        with self._lock:
            self._flows.clear()
            self._checked_at.clear()

    @staticmethod
    def _fetch(backoffice: BackOffice, name: str, known: str | None) -> Flow | None:
        try:
            document = backoffice.flow(name, known)
        except BackOfficeUnavailable:
            logger.warning("flow %s: back office unavailable, keeping the current version", name)
            return None
        if document is None:
            return None
        try:
            return load_flow({**document.definition, "version": document.version})
        except FlowError as error:
            logger.error("flow %s version %s refused: %s", name, document.version, error)
            return None


FLOWS = FlowCache()
