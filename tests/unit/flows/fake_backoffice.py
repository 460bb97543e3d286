"""An in-memory back office for flow tests: canned data, recorded requests, injectable
outages. It follows the `BackOffice` port's documented rules (unknown numbers answer
"wrong", arrears refuse changes, locks across calls, cards are single use)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
    TicketState,
    TicketStatus,
    TicketType,
)
from fs_scripts.channel import Language

CUSTOMER = "13800000001"
OTHER_CUSTOMER = "13800000002"
STRANGER = "19900000009"
PIN = "246810"
OTHER_PIN = "135790"
QUEUE_DESTINATION = "acd_queue"
LOCK_AFTER = 5


@dataclass
class Line:
    number: str
    pin: str | None
    balance_fen: int = 12345
    language: Language | None = "zh"
    vip_level: int = 0
    in_arrears: bool = False
    area: str = "east"
    blacklisted: bool = False
    failures: int = 0
    features: dict[str, bool] = field(default_factory=dict)
    plan: str = "basic"

    @property
    def locked(self) -> bool:
        return self.failures >= LOCK_AFTER


@dataclass
class Card:
    pin: str
    value_fen: int
    used: bool = False
    expired: bool = False


@dataclass
class Ticket:
    owner: str
    type: TicketType
    status: TicketState
    updated: date


class FakeBackOffice:
    def __init__(self) -> None:
        self.lines: dict[str, Line] = {
            CUSTOMER: Line(CUSTOMER, PIN),
            OTHER_CUSTOMER: Line(OTHER_CUSTOMER, OTHER_PIN, balance_fen=500),
        }
        self.bills: dict[str, Bill] = {
            CUSTOMER: Bill("2024-05", 8800, date(2024, 6, 15), paid=False),
        }
        self.cards: dict[str, Card] = {"1234567890": Card("987654321", 5000)}
        self.tickets: dict[str, Ticket] = {
            "202405150001": Ticket(CUSTOMER, "complaint", "in_progress", date(2024, 5, 20)),
            "202405150002": Ticket(OTHER_CUSTOMER, "fault", "resolved", date(2024, 5, 21)),
        }
        self.incidents: dict[str, Incident] = {}
        self.flows: dict[str, FlowDocument] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.down_for: set[str] = set()  # method names that raise BackOfficeUnavailable
        self.queue_destination = QUEUE_DESTINATION
        self.next_number = 1

    # --- test helpers ---------------------------------------------------------------

    def go_down(self, *methods: str) -> None:
        """Make the named methods (all of them when none is named) unavailable."""
        self.down_for |= set(methods) if methods else {"*"}

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [args for name, args in self.requests if name == method]

    def _request(self, method: str, **args: Any) -> None:
        self.requests.append((method, args))
        if method in self.down_for or "*" in self.down_for:
            raise BackOfficeUnavailable(f"{method}: connection refused")

    def _line_of(self, token: str) -> Line:
        assert token.startswith("token-"), "a made-up token reached the back office"
        return self.lines[token.removeprefix("token-")]

    def _new_number(self, prefix: str) -> str:
        self.next_number += 1
        return f"{prefix}{self.next_number:04d}"

    # --- the port -------------------------------------------------------------------

    def identify(self, caller_number: str) -> Caller:
        self._request("identify", caller_number=caller_number)
        line = self.lines.get(caller_number)
        if line is None:
            return Caller(number=caller_number)
        return Caller(
            number=line.number,
            line_id=f"line-{line.number}",
            customer_name="Zhang San",
            language=line.language,
            vip_level=line.vip_level,
            in_arrears=line.in_arrears,
            area=line.area,
            pin_set=line.pin is not None,
            blacklisted=line.blacklisted,
        )

    def verify_pin(self, call_id: str, number: str, pin: SecretDigits) -> PinResult:
        self._request("verify_pin", call_id=call_id, number=number, pin=pin)
        line = self.lines.get(number)
        if line is None:
            return PinResult("wrong")
        if line.locked:
            return PinResult("locked", tries_left=0)
        if line.pin is not None and pin.reveal() == line.pin:
            line.failures = 0
            return PinResult("ok", tries_left=LOCK_AFTER, token=f"token-{number}")
        line.failures += 1
        if line.locked:
            return PinResult("locked", tries_left=0)
        return PinResult("wrong", tries_left=LOCK_AFTER - line.failures)

    def balance(self, token: str) -> Balance:
        self._request("balance", token=token)
        return Balance(self._line_of(token).balance_fen)

    def latest_bill(self, token: str) -> Bill | None:
        self._request("latest_bill", token=token)
        return self.bills.get(self._line_of(token).number)

    def pay_with_card(
        self,
        call_id: str,
        number: str,
        card_serial: str,
        card_pin: SecretDigits,
        token: str | None = None,
    ) -> Recharge:
        self._request(
            "pay_with_card",
            call_id=call_id,
            number=number,
            card_serial=card_serial,
            card_pin=card_pin,
            token=token,
        )
        line = self.lines.get(number)
        card = self.cards.get(card_serial)
        if line is None:
            return Recharge(False, "unknown_number")
        if card is None or card.pin != card_pin.reveal():
            return Recharge(False, "invalid_card")
        if card.used:
            return Recharge(False, "used_card")
        if card.expired:
            return Recharge(False, "expired_card")
        card.used = True
        line.balance_fen += card.value_fen
        return Recharge(True, amount_fen=card.value_fen, new_balance_fen=line.balance_fen)

    def ticket_status(
        self, caller_number: str, ticket_number: str, token: str | None = None
    ) -> TicketStatus:
        self._request(
            "ticket_status", caller_number=caller_number, ticket_number=ticket_number, token=token
        )
        ticket = self.tickets.get(ticket_number)
        if ticket is None:
            return TicketStatus(ticket_number, found=False)
        owners = {caller_number} | ({self._line_of(token).number} if token else set())
        if ticket.owner not in owners:
            return TicketStatus(ticket_number, found=True, owned_by_caller=False)
        return TicketStatus(
            ticket_number,
            True,
            True,
            ticket.type,
            ticket.status,
            ticket.updated,
        )

    def report_fault(
        self, call_id: str, number: str, fault_code: FaultCode, token: str | None = None
    ) -> FaultResult:
        self._request(
            "report_fault", call_id=call_id, number=number, fault_code=fault_code, token=token
        )
        line = self.lines.get(number)
        area = line.area if line else ""
        if area in self.incidents:
            return FaultResult(incident=self.incidents[area])
        ticket_number = self._new_number("20240601")
        self.tickets[ticket_number] = Ticket(number, "fault", "received", date(2024, 6, 1))
        return FaultResult(ticket_number=ticket_number)

    def change_pin(
        self, call_id: str, number: str, new_pin: SecretDigits, token: str | None = None
    ) -> PinChange:
        self._request("change_pin", call_id=call_id, number=number, new_pin=new_pin, token=token)
        line = self.lines[number]
        if line.pin is not None and token != f"token-{number}":
            return PinChange(False, "not_verified")
        digits = new_pin.reveal()
        if len(set(digits)) == 1 or digits in "0123456789" or digits in "9876543210":
            return PinChange(False, "weak")
        if digits == line.pin:
            return PinChange(False, "same_as_old")
        line.pin = digits
        return PinChange(True)

    def self_service(
        self, token: str, change: ServiceKind, enable: bool, target: str | None = None
    ) -> ServiceChange:
        self._request("self_service", token=token, change=change, enable=enable, target=target)
        line = self._line_of(token)
        if line.in_arrears:
            return ServiceChange(False, "arrears")
        if change == "plan":
            assert target is not None
            if line.plan == target:
                return ServiceChange(False, "already")
            line.plan = target
        else:
            if line.features.get(change, False) == enable:
                return ServiceChange(False, "already")
            line.features[change] = enable
        return ServiceChange(True, order_number=self._new_number("8800"))

    def set_language(self, number: str, language: Language) -> None:
        self._request("set_language", number=number, language=language)
        self.lines[number].language = language

    def enqueue(
        self, call_id: str, skill: str, priority: int, context: Mapping[str, Any]
    ) -> QueueTicket:
        self._request("enqueue", call_id=call_id, skill=skill, priority=priority, context=context)
        return QueueTicket(entry_id=f"q-{call_id}", destination=self.queue_destination)

    def submit_survey(self, call_id: str, score: int) -> None:
        self._request("submit_survey", call_id=call_id, score=score)

    def report_outcome(
        self, call_id: str, path: Sequence[str], outcome: str, contained: bool
    ) -> None:
        self._request(
            "report_outcome", call_id=call_id, path=list(path), outcome=outcome, contained=contained
        )

    def flow(self, name: str, known_version: str | None = None) -> FlowDocument | None:
        self._request("flow", name=name, known_version=known_version)
        document = self.flows.get(name)
        if document is None or document.version == known_version:
            return None
        return document
