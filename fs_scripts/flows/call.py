"""`Call`: one call as the flow engine drives it — what is known so far, and the few moves
every action needs (say, ask, hand to an agent, say goodbye).

Control flow: when the call leaves the IVR (the caller hung up, was transferred, or heard
goodbye) a `Call` method raises `CallEnded`, which unwinds straight to the engine; when
the caller presses `*` while keying in a number, `BackToMenu` returns to the menu.
Handlers can therefore be written as straight-line code.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from fs_scripts import speech
from fs_scripts.backoffice_port import BackOffice, Caller
from fs_scripts.channel import Channel, Language
from fs_scripts.flows import result
from fs_scripts.flows.config import FlowConfig, is_safe_destination
from fs_scripts.flows.definition import MenuSettings
from fs_scripts.flows.survey import ask_satisfaction

logger = logging.getLogger(__name__)
MAX_PATH = 200  # a bound on what travels to the agent and the report


class CallEnded(Exception):
    """The call has left the IVR; `Call.outcome` says how."""


class BackToMenu(Exception):
    """The caller pressed `*` in the middle of an action."""


@dataclass(frozen=True)
class Identity:
    """The caller proved with a PIN that they may act for `number`."""

    number: str
    token: str = field(repr=False)


class Call:
    def __init__(
        self,
        channel: Channel,
        backoffice: BackOffice,
        config: FlowConfig,
        settings: MenuSettings,
    ) -> None:
        self.channel = channel
        self.backoffice = backoffice
        self.config = config
        self.settings = settings  # limits and timeouts for keyed-in entries
        self.caller = Caller(number=channel.caller_number)
        self.identity: Identity | None = None
        self.agent_skill = settings.agent_skill or "general"  # kept current by the navigator
        self.path: list[str] = []
        self.heard: list[str] = []
        self.notes: dict[str, str] = {}  # e.g. numbers of tickets opened, for the agent
        self.failed_pin_attempts = 0
        self.served = False
        self.surveyed = False
        self.outcome: str | None = None
        self.transferred_to: str | None = None

    # --- what we know ---------------------------------------------------------------

    @property
    def language(self) -> Language:
        return self.channel.language

    def visit(self, name: str) -> None:
        """Record a menu or action on the call's path."""
        if len(self.path) < MAX_PATH:
            self.path.append(name)

    def told(self, item: str) -> None:
        """Record that the caller was told something, and so was served."""
        self.served = True
        if item not in self.heard:
            self.heard.append(item)

    # --- speaking values ------------------------------------------------------------

    def money(self, fen: int) -> list[str]:
        return speech.money(fen, self.language)

    def digits(self, text: str) -> list[str]:
        return speech.digits(text, self.language)

    def date(self, day: datetime.date) -> list[str]:
        return speech.date(day, self.language)

    def time(self, moment: datetime.time) -> list[str]:
        return speech.time_of_day(moment, self.language)

    # --- media ----------------------------------------------------------------------

    def say(self, *prompts: str) -> None:
        if not self.channel.play(list(prompts)) or not self.channel.ready():
            self.hung_up()

    def ask(
        self,
        prompts: Sequence[str],
        *,
        max_digits: int = 1,
        terminators: str = "",
        secret: bool = False,
        timeout_ms: int | None = None,
        digit_timeout_ms: int | None = None,
    ) -> str:
        """Play prompts and collect keys; "" means no input."""
        keys = self.channel.collect(
            list(prompts),
            max_digits=max_digits,
            timeout_ms=timeout_ms or self.settings.timeout_ms,
            digit_timeout_ms=digit_timeout_ms or self.settings.digit_timeout_ms,
            terminators=terminators,
            secret=secret,
        )
        if not self.channel.ready():
            self.hung_up()
        return keys

    # --- endings (each raises CallEnded) --------------------------------------------

    def hung_up(self) -> NoReturn:
        self.outcome = self.outcome or result.HANGUP
        raise CallEnded

    def to_agent(
        self,
        reason: str,
        *,
        skill: str | None = None,
        outcome: str = result.AGENT,
        announce: Sequence[str] = ("ivr/transfer_agent",),
        topic: str | None = None,
    ) -> NoReturn:
        """Queue the call for an agent with everything learnt so far, and transfer it."""
        skill = skill or self.agent_skill
        self.visit(f"agent:{skill}")
        if announce:
            self.say(*announce)
        ticket = self.backoffice.enqueue(
            self.channel.call_id, skill, self.caller.vip_level, self.agent_context(reason, topic)
        )
        if not is_safe_destination(ticket.destination):
            logger.error("back office gave an unusable queue destination; using the fallback")
            self.fall_back("bad_destination")
        self._transfer(ticket.destination, outcome)

    def fall_back(self, reason: str) -> NoReturn:
        """Apologise and send the call to the configured agent queue, asking nobody."""
        self.visit(f"fallback:{reason}")
        if self.channel.ready() and self.channel.play(["ivr/system_unavailable"]):
            self._transfer(self.config.fallback_destination, result.FALLBACK)
        self.hung_up()

    def goodbye(
        self, *prompts: str, outcome: str = result.GOODBYE, survey: bool | None = None
    ) -> NoReturn:
        """Say `prompts`, then goodbye, and hang up.

        The satisfaction survey comes first when asked for, or by default when the
        configuration wants it and the menus served the caller.
        """
        if prompts:
            self.say(*prompts)
        wanted = self.config.survey and self.served if survey is None else survey
        if wanted and not self.surveyed:
            self.surveyed = True
            if ask_satisfaction(self):  # its thanks already says goodbye
                self.hang_up(outcome)
        self.say("ivr/goodbye")
        self.hang_up(outcome)

    def hang_up(self, outcome: str) -> NoReturn:
        self.outcome = outcome
        self.channel.hangup()
        raise CallEnded

    def _transfer(self, destination: str, outcome: str) -> NoReturn:
        self.channel.transfer(destination)
        self.transferred_to = destination
        self.outcome = outcome
        raise CallEnded

    # --- what the agent sees --------------------------------------------------------

    def agent_context(self, reason: str, topic: str | None = None) -> dict[str, Any]:
        """The screen pop for the agent: never a PIN, never the identity token."""
        context: dict[str, Any] = {
            "reason": reason,
            "language": self.language,
            "caller_number": self.caller.number,
            "line_id": self.caller.line_id,
            "vip_level": self.caller.vip_level,
            "in_arrears": self.caller.in_arrears,
            "verified": self.identity is not None,
            "verified_number": self.identity.number if self.identity else None,
            "failed_pin_attempts": self.failed_pin_attempts,
            "menu_path": list(self.path),
            "heard": list(self.heard),
            "notes": dict(self.notes),
        }
        if topic:
            context["topic"] = topic
        return context

    def result(self) -> result.CallResult:
        outcome = self.outcome or result.HANGUP
        return result.CallResult(
            outcome=outcome,
            contained=self.served and outcome in (result.GOODBYE, result.HANGUP),
            path=tuple(self.path),
            language=self.language,
            verified=self.identity is not None,
            transferred_to=self.transferred_to,
            heard=tuple(self.heard),
        )


__all__ = ["BackToMenu", "Call", "CallEnded", "Identity"]
