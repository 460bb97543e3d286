"""The production `BackOffice` adapter: `/ivr/v1` over HTTP with httpx.

One shared synchronous client per process (the FreeSWITCH entry module is reloaded on every
call, this module is not), short explicit timeouts, the service token from the environment.
Every transport failure, timeout, 5xx or unexpected answer becomes `BackOfficeUnavailable`,
which the engine turns into an apology and a transfer to an agent: never dead air.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import httpx

from fs_scripts.backoffice_port import (
    BackOfficeUnavailable,
    Balance,
    Bill,
    Caller,
    FaultCode,
    FaultResult,
    FlowDocument,
    Incident,
    PinChange,
    PinResult,
    QueueTicket,
    Recharge,
    SecretDigits,
    ServiceChange,
    ServiceKind,
    TicketStatus,
)
from fs_scripts.channel import Language

DEFAULT_URL = "http://127.0.0.1:8000"
DEV_TOKEN = "dev-only-ivr-token"  # the back office's development default
# connect fast or give up; a whole request stays under ~2 s, so a caller never waits in silence
TIMEOUT = httpx.Timeout(1.5, connect=0.5, pool=0.2)


class HttpBackOffice:
    """`BackOffice` over `/ivr/v1`."""

    def __init__(self, base_url: str, service_token: str,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/ivr/v1", timeout=TIMEOUT, transport=transport,
            headers={"Authorization": f"Bearer {service_token}"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        )

    def close(self) -> None:
        self._http.close()

    # -- plumbing ------------------------------------------------------------------

    def _call(self, method: str, path: str, token: str | None = None,
              **kwargs: Any) -> httpx.Response:
        headers = {"X-Caller-Token": token} if token else None
        try:
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise BackOfficeUnavailable(f"{method} {path}: {type(exc).__name__}") from None
        if response.status_code >= 400 and response.status_code != 404:
            # 401/422 are bugs or misconfiguration here: the caller goes to an agent
            raise BackOfficeUnavailable(f"{method} {path}: HTTP {response.status_code}")
        return response

    def _json(self, method: str, path: str, token: str | None = None,
              **kwargs: Any) -> dict[str, Any]:
        response = self._call(method, path, token, **kwargs)
        if response.status_code == 404:
            raise BackOfficeUnavailable(f"{method} {path}: not found")
        try:
            body = response.json()
        except ValueError:
            raise BackOfficeUnavailable(f"{method} {path}: not JSON") from None
        if not isinstance(body, dict):
            raise BackOfficeUnavailable(f"{method} {path}: unexpected body")
        return body

    # -- the port ------------------------------------------------------------------

    def identify(self, caller_number: str) -> Caller:
        b = self._json("POST", "/identify", json={"caller_number": caller_number})
        return Caller(
            number=b["number"], line_id=b["line_id"], customer_name=b["customer_name"],
            language=b["language"], vip_level=b["vip_level"], in_arrears=b["in_arrears"],
            suspension=b["suspension"], area=b["area"], open_tickets=b["open_tickets"],
            pin_set=b["pin_set"], blacklisted=b["blacklisted"])

    def verify_pin(self, call_id: str, number: str, pin: SecretDigits) -> PinResult:
        b = self._json("POST", "/pin/verify",
                       json={"call_id": call_id, "number": number, "pin": pin.reveal()})
        return PinResult(status=b["status"], tries_left=b.get("tries_left"), token=b.get("token"))

    def balance(self, token: str) -> Balance:
        return Balance(balance_fen=self._json("GET", "/balance", token)["balance_fen"])

    def latest_bill(self, token: str) -> Bill | None:
        bill = self._json("GET", "/bills/latest", token)["bill"]
        if bill is None:
            return None
        return Bill(period=bill["period"], amount_fen=bill["amount_fen"],
                    due_date=date.fromisoformat(bill["due_date"]), paid=bill["paid"])

    def pay_with_card(self, call_id: str, number: str, card_serial: str,
                      card_pin: SecretDigits, token: str | None = None) -> Recharge:
        b = self._json("POST", "/recharge", token, json={
            "call_id": call_id, "number": number, "card_serial": card_serial,
            "card_pin": card_pin.reveal()})
        return Recharge(ok=b["ok"], reason=b.get("reason"), amount_fen=b.get("amount_fen", 0),
                        new_balance_fen=b.get("new_balance_fen"))

    def ticket_status(self, caller_number: str, ticket_number: str,
                      token: str | None = None) -> TicketStatus:
        b = self._json("POST", "/tickets/status", token,
                       json={"caller_number": caller_number, "ticket_number": ticket_number})
        updated = b.get("updated")
        return TicketStatus(
            ticket_number=b["ticket_number"], found=b["found"],
            owned_by_caller=b.get("owned_by_caller", False), type=b.get("type"),
            status=b.get("status"), updated=date.fromisoformat(updated) if updated else None)

    def report_fault(self, call_id: str, number: str, fault_code: FaultCode,
                     token: str | None = None) -> FaultResult:
        b = self._json("POST", "/faults", token,
                       json={"call_id": call_id, "number": number, "fault_code": fault_code})
        incident = b.get("incident")
        if incident:
            eta = incident.get("eta")
            return FaultResult(incident=Incident(
                cause=incident["cause"], eta=datetime.fromisoformat(eta) if eta else None))
        return FaultResult(ticket_number=b.get("ticket_number"))

    def change_pin(self, call_id: str, number: str, new_pin: SecretDigits,
                   token: str | None = None) -> PinChange:
        b = self._json("POST", "/pin/change", token, json={
            "call_id": call_id, "number": number, "new_pin": new_pin.reveal()})
        return PinChange(ok=b["ok"], reason=b.get("reason"))

    def self_service(self, token: str, change: ServiceKind, enable: bool,
                     target: str | None = None) -> ServiceChange:
        b = self._json("POST", "/self-service", token,
                       json={"change": change, "enable": enable, "target": target})
        return ServiceChange(ok=b["ok"], reason=b.get("reason"), order_number=b.get("order_number"))

    def set_language(self, number: str, language: Language) -> None:
        self._call("PUT", f"/lines/{number}/language", json={"language": language})

    def enqueue(self, call_id: str, skill: str, priority: int,
                context: Mapping[str, Any]) -> QueueTicket:
        b = self._json("POST", "/queue", json={
            "call_id": call_id, "caller_number": str(context.get("caller_number") or ""),
            "skill": skill, "priority": priority, "context": dict(context)})
        return QueueTicket(entry_id=b["entry_id"], destination=b["destination"])

    def submit_survey(self, call_id: str, score: int) -> None:
        self._call("POST", "/survey", json={"call_id": call_id, "score": score})

    def report_outcome(self, call_id: str, path: Sequence[str], outcome: str,
                       contained: bool) -> None:
        self._call("POST", "/calls/outcome", json={
            "call_id": call_id, "path": list(path), "outcome": outcome, "contained": contained})

    def flow(self, name: str, known_version: str | None = None) -> FlowDocument | None:
        params = {"known_version": known_version} if known_version else None
        response = self._call("GET", f"/flows/{name}", params=params)
        if response.status_code == 304:
            return None
        if response.status_code == 404:
            raise BackOfficeUnavailable(f"no flow {name!r}")
        b = response.json()
        return FlowDocument(name=b["name"], version=b["version"], definition=b["definition"])


_shared: HttpBackOffice | None = None
_shared_lock = threading.Lock()


def shared_backoffice() -> HttpBackOffice:
    """The process-wide client (FreeSWITCH runs every call in its own thread)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = HttpBackOffice(
                os.environ.get("CALLCENTER_BACKOFFICE_URL", DEFAULT_URL),
                os.environ.get("CALLCENTER_IVR_SERVICE_TOKEN", DEV_TOKEN))
        return _shared
