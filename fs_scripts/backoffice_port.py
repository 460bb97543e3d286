"""The `BackOffice` port: every question the IVR asks the back office, and the answers.

The call-flow engine depends on this interface only. The production adapter is
`fs_scripts/client.py` (HTTP to `/ivr/v1/...`, short timeouts, service token); tests use
an in-memory fake. Rules every adapter follows:

- Any timeout, connection error or 5xx raises `BackOfficeUnavailable` (and nothing else):
  the engine answers it with an apology and a transfer to the fallback agent queue.
  A business refusal (wrong PIN, used card, arrears...) is a normal return value.
- PIN digits travel as `SecretDigits`; call `.reveal()` only to put them in the request
  body. They never reach a log, an exception message, a repr or an event.
- `token` is the short-lived proof of identity that `verify_pin` hands out; calls about
  one account's private data (balance, bills, changes) need it.
- `call_id` (the switch's channel UUID) makes money-moving and ticket-opening calls
  idempotent: a retried request with the same call id and arguments does not apply twice.
- Results are small frozen dataclasses with plain values (integer fen, `date`), so they
  are cheap to build from JSON and to compare in tests. Ticket and service-order numbers
  are digit strings: they are read out digit by digit and keyed in on a phone keypad.
- Vocabularies (the `Literal` types below) are what the IVR has prompts for; the adapter
  maps the back office's own states onto them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol, runtime_checkable

from fs_scripts.channel import Language

Suspension = Literal["none", "one_way", "two_way"]
PinStatus = Literal["ok", "wrong", "locked"]
RechargeRefusal = Literal["invalid_card", "used_card", "expired_card", "unknown_number", "locked"]
PinChangeRefusal = Literal["weak", "same_as_old", "not_own_line", "not_verified", "locked"]
ServiceKind = Literal["stop_keep_number", "call_forwarding", "caller_id", "plan"]
ServiceRefusal = Literal["arrears", "already", "not_allowed", "invalid_target", "not_verified"]
TicketType = Literal["service_order", "complaint", "fault", "suggestion", "appeal", "consultation"]
TicketState = Literal["received", "in_progress", "waiting_department", "resolved", "closed"]
IncidentCause = Literal["fiber_cut", "power", "equipment", "maintenance", "weather", "other"]
FaultCode = Literal["no_dial_tone", "broadband", "tv", "other"]


class BackOfficeUnavailable(Exception):
    """The back office did not answer in time or failed (timeout, network error, 5xx)."""


class SecretDigits:
    """Digits that must never be shown: a PIN or a recharge card's PIN.

    `str()`, `repr()` and f-strings print a mask; only `reveal()` gives the digits, and
    only an adapter building a request body should call it.
    """

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        self._digits = digits

    def reveal(self) -> str:
        return self._digits

    def __len__(self) -> int:
        return len(self._digits)

    def __repr__(self) -> str:
        return "SecretDigits(******)"

    def __str__(self) -> str:
        return "******"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretDigits):
            return NotImplemented
        return self._digits == other._digits

    def __hash__(self) -> int:
        return hash(("SecretDigits", self._digits))


@dataclass(frozen=True)
class Caller:
    """Who is calling, looked up from the caller ID.

    `line_id` is None when the number is not one of our lines (then the other customer
    fields are neutral defaults). `language` is the line's remembered IVR language, None
    until the caller first chooses one. `vip_level` 0 is an ordinary customer; higher
    is more important. `blacklisted` callers are refused politely.
    """

    number: str
    line_id: str | None = None
    customer_name: str = ""
    language: Language | None = None
    vip_level: int = 0
    in_arrears: bool = False
    suspension: Suspension = "none"
    area: str = ""
    open_tickets: int = 0
    pin_set: bool = True
    blacklisted: bool = False

    @property
    def is_customer(self) -> bool:
        return self.line_id is not None


@dataclass(frozen=True)
class PinResult:
    """Outcome of one PIN entry. `tries_left` counts entries before the line locks
    (across calls; None if the back office does not say). `token` is set only when ok."""

    status: PinStatus
    tries_left: int | None = None
    token: str | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class Balance:
    """Real-time account balance; negative means the customer owes that much."""

    balance_fen: int


@dataclass(frozen=True)
class Bill:
    """The latest monthly bill. `period` is "YYYY-MM"."""

    period: str
    amount_fen: int
    due_date: date
    paid: bool


@dataclass(frozen=True)
class Recharge:
    """Outcome of a prepaid-card top-up. On success `amount_fen` is the card's value and
    `new_balance_fen` the line's balance after it."""

    ok: bool
    reason: RechargeRefusal | None = None
    amount_fen: int = 0
    new_balance_fen: int | None = None


@dataclass(frozen=True)
class TicketStatus:
    """Progress of a ticket looked up by its readable number.

    `owned_by_caller` is False when the ticket exists but belongs to another customer;
    then the other fields are None and nothing about it may be read out.
    """

    ticket_number: str
    found: bool
    owned_by_caller: bool = False
    type: TicketType | None = None
    status: TicketState | None = None
    updated: date | None = None


@dataclass(frozen=True)
class Incident:
    """A known network incident (统一口径): the unified cause and expected fix time."""

    cause: IncidentCause
    eta: datetime | None = None


@dataclass(frozen=True)
class FaultResult:
    """Either a known incident already covers the fault (no duplicate ticket), or a new
    fault ticket was opened and `ticket_number` is to be read to the caller."""

    incident: Incident | None = None
    ticket_number: str | None = None


@dataclass(frozen=True)
class PinChange:
    ok: bool
    reason: PinChangeRefusal | None = None


@dataclass(frozen=True)
class ServiceChange:
    """Outcome of a self-service change; on success a service order was created."""

    ok: bool
    reason: ServiceRefusal | None = None
    order_number: str | None = None


@dataclass(frozen=True)
class QueueTicket:
    """The call's place in the agent queue. `destination` is the dialplan extension the
    switch transfers the call to; the back office picks it from its own allowlist."""

    entry_id: str
    destination: str


@dataclass(frozen=True)
class FlowDocument:
    """A menu tree served by the back office (see `fs_scripts.flows.definition`)."""

    name: str
    version: str
    definition: Mapping[str, Any]


@runtime_checkable
class BackOffice(Protocol):
    """What the IVR may ask the back office. Every method may raise
    `BackOfficeUnavailable`; none raises anything else for expected refusals."""

    def identify(self, caller_number: str) -> Caller:
        """Look the caller ID up (an unknown or withheld number gives `line_id=None`)."""
        ...

    def verify_pin(self, call_id: str, number: str, pin: SecretDigits) -> PinResult:
        """Check the 6-digit PIN of `number` (a line or contract number).

        The back office counts failures across calls and locks the PIN after too many;
        the per-call limit of two entries is the engine's. An unknown number answers
        "wrong", so numbers cannot be probed.
        """
        ...

    def balance(self, token: str) -> Balance: ...

    def latest_bill(self, token: str) -> Bill | None:
        """The most recent monthly bill, or None when the account has none yet."""
        ...

    def pay_with_card(
        self,
        call_id: str,
        number: str,
        card_serial: str,
        card_pin: SecretDigits,
        token: str | None = None,
    ) -> Recharge:
        """Top `number` up with a prepaid recharge card (single use, idempotent per call).

        Anyone may top up any line, so no token is needed; `token` (when the caller
        verified this number) lets the back office attribute the payment.
        """
        ...

    def ticket_status(
        self, caller_number: str, ticket_number: str, token: str | None = None
    ) -> TicketStatus:
        """Progress of a ticket; it is the caller's own when it belongs to the customer
        of `caller_number` or of the verified `token`."""
        ...

    def report_fault(
        self, call_id: str, number: str, fault_code: FaultCode, token: str | None = None
    ) -> FaultResult:
        """Report a fault on line `number`. The back office first matches known incidents
        in the line's area; only when none matches does it open a fault ticket."""
        ...

    def change_pin(
        self, call_id: str, number: str, new_pin: SecretDigits, token: str | None = None
    ) -> PinChange:
        """Set or change the PIN of `number`, called only from that very line.

        `token` proves the old PIN; it may be None only when the line has no PIN yet.
        """
        ...

    def self_service(
        self, token: str, change: ServiceKind, enable: bool, target: str | None = None
    ) -> ServiceChange:
        """Apply a feature change to the verified line, creating a service order.

        `change`/`enable`: stop_keep_number (True = stop and keep the number, False =
        resume), call_forwarding (True needs `target`, the number to forward to),
        caller_id. Refused with "arrears" while the account owes money.
        """
        ...

    def set_language(self, number: str, language: Language) -> None:
        """Remember the caller's menu language for this line."""
        ...

    def enqueue(
        self, call_id: str, skill: str, priority: int, context: Mapping[str, Any]
    ) -> QueueTicket:
        """Put the call in the agent queue for `skill` (see `fs_scripts.flows.skills`).

        `priority`: higher is served first (the engine sends the VIP level; the back
        office's routing policy may raise it). `context` is the screen pop: menu path,
        verified or not, VIP, arrears, what the caller already heard, failed PIN count,
        reason — JSON-able, never PIN digits.
        """
        ...

    def submit_survey(self, call_id: str, score: int) -> None:
        """Record a satisfaction score, 1 (poor) to 5 (excellent)."""
        ...

    def report_outcome(
        self, call_id: str, path: Sequence[str], outcome: str, contained: bool
    ) -> None:
        """Record how the IVR part of the call went (for IVR containment reports).

        `outcome` is one of `fs_scripts.flows.result.OUTCOMES`; `contained` means the
        caller was served by the menus alone and did not go to an agent.
        """
        ...

    def flow(self, name: str, known_version: str | None = None) -> FlowDocument | None:
        """The current menu tree `name`; None when `known_version` is still current."""
        ...
