"""The back office as the FreeSWITCH binding reaches it.

Where the settings come from: the switch process's environment wins
(`CALLCENTER_BACKOFFICE_URL`, `CALLCENTER_IVR_SERVICE_TOKEN`, read by
`client.shared_backoffice`); otherwise the FreeSWITCH global variables
`callcenter_backoffice_url` / `callcenter_ivr_service_token`, which `make fs-install`
renders into `vars_callcenter.xml`, so one install step configures the switch. Clients are
created once per process and reused by every call (this module is not reloaded per call).

`SkillNotingBackOffice` passes every request through and tells the channel which skill
the back office queued the call for, so the transfer can mark the channel for the ACD.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fs_scripts.backoffice_port import BackOffice, QueueTicket
from fs_scripts.client import DEFAULT_URL, DEV_TOKEN, HttpBackOffice, shared_backoffice

URL_ENV = "CALLCENTER_BACKOFFICE_URL"
TOKEN_ENV = "CALLCENTER_IVR_SERVICE_TOKEN"
URL_GLOBAL = "callcenter_backoffice_url"
TOKEN_GLOBAL = "callcenter_ivr_service_token"

GlobalVariable = Callable[[str], "str | None"]


@dataclass(frozen=True)
class BackOfficeTarget:
    """Where the IVR's requests go and with which token (never printed)."""

    url: str
    token: str = field(repr=False)
    source: str  # "environment", "switch variables" or "defaults"


def backoffice_target(
    environ: Mapping[str, str], global_variable: GlobalVariable
) -> BackOfficeTarget:
    if environ.get(URL_ENV) or environ.get(TOKEN_ENV):
        return BackOfficeTarget(
            environ.get(URL_ENV) or DEFAULT_URL, environ.get(TOKEN_ENV) or DEV_TOKEN, "environment"
        )
    url = global_variable(URL_GLOBAL) or ""
    token = global_variable(TOKEN_GLOBAL) or ""
    if url or token:
        return BackOfficeTarget(url or DEFAULT_URL, token or DEV_TOKEN, "switch variables")
    return BackOfficeTarget(DEFAULT_URL, DEV_TOKEN, "defaults")


_clients: dict[tuple[str, str], HttpBackOffice] = {}
_clients_lock = threading.Lock()


def backoffice_for_switch(global_variable: GlobalVariable) -> BackOffice:
    """The process-wide client for the current settings (a `reloadxml` may change them)."""
    target = backoffice_target(os.environ, global_variable)
    if target.source != "switch variables":
        return shared_backoffice()
    key = (target.url, target.token)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = HttpBackOffice(target.url, target.token)
        return client


class SkillNotingBackOffice:
    """A `BackOffice` that reports the skill of each `enqueue` to `on_enqueue`."""

    def __init__(self, backoffice: BackOffice, on_enqueue: Callable[[str], None]) -> None:
        self._backoffice = backoffice
        self._on_enqueue = on_enqueue

    def enqueue(
        self, call_id: str, skill: str, priority: int, context: Mapping[str, Any]
    ) -> QueueTicket:
        ticket = self._backoffice.enqueue(call_id, skill, priority, context)
        self._on_enqueue(skill)
        return ticket

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backoffice, name)
