"""`EslSwitch`: the ACD's `Switch` port implemented with FreeSWITCH event-socket commands.

Every argument that reaches a command line is either generated here (leg uuids), taken
from operator configuration (agent dial strings, hold music, dialplan context) or checked
against a strict pattern (call uuids, numbers, prompt paths, hangup causes): a newline, a
space or a ``{var=...}`` from outside could otherwise add arguments or whole commands.

Agent legs are started with ``bgapi originate`` and a uuid chosen here, so the ACD knows
the leg before it rings and the event socket is never blocked while a phone rings. The
call returns as soon as FreeSWITCH either creates the leg (CHANNEL_CREATE: it is ringing;
answer or no-answer follow as events on that uuid) or reports a failure that happens before
any channel exists (``-ERR USER_NOT_REGISTERED``: raised as `AgentUnreachable`).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from backoffice.acd.switch_port import DEFAULT_HANGUP_CAUSE, SwitchError, SwitchUnavailable
from backoffice.esl.connection import EventCollector
from backoffice.esl.endpoints import DIAL_STRING, AgentEndpoints
from backoffice.esl.errors import EslCommandRejected, EslCommandTimeout, EslNotConnected
from backoffice.esl.events import BackgroundJob, ChannelCreate, EslEvent
from backoffice.esl.replies import expect_ok, originate_failure

log = logging.getLogger(__name__)

# Channel variable set on every agent leg: the waiting call it was offered for.
OFFER_CALL_VARIABLE = "callcenter_offer_call"

UUID_PATTERN = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_PHONE_NUMBER = re.compile(r"^\+?[0-9]{3,20}$")
_CALLER_ID = re.compile(r"^\+?[0-9]{1,32}$")
_MEDIA = re.compile(r"^(?:[a-z_]+://)?[A-Za-z0-9_./:@=-]{1,300}$")
_DESTINATION = re.compile(r"^[A-Za-z0-9_+*#.-]{1,64}$")
_CONTEXT = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_HANGUP_CAUSE = re.compile(r"^[A-Z_]{1,48}$")
ANONYMOUS = "anonymous"


class EslCommands(Protocol):
    """What the adapter needs from `EslConnection` (a fake can stand in for it)."""

    def api(self, command: str) -> str: ...

    def bgapi(self, command: str) -> str: ...

    def collect_events(self) -> AbstractContextManager[EventCollector]: ...


class EslSwitch:
    def __init__(
        self,
        esl: EslCommands,
        agent_endpoints: Mapping[str, str],
        *,
        hold_music: str = "local_stream://moh",
        dialplan_context: str = "default",
        callback_dial_template: str | None = None,
        offer_setup_timeout_s: float = 5.0,
    ) -> None:
        """`callback_dial_template` dials a customer, e.g. ``sofia/gateway/pstn/{number}``;
        without it `originate_callback` is refused."""
        self._esl = esl
        self._endpoints = (
            agent_endpoints
            if isinstance(agent_endpoints, AgentEndpoints)
            else AgentEndpoints(agent_endpoints)
        )
        self._hold_music = _checked(_MEDIA, hold_music, "hold music")
        self._context = _checked(_CONTEXT, dialplan_context, "dialplan context")
        if callback_dial_template is not None:
            _checked(
                DIAL_STRING,
                callback_dial_template.replace("{number}", "0"),
                "callback dial template",
            )
            if "{number}" not in callback_dial_template:
                raise ValueError("callback dial template must contain {number}")
        self._callback_template = callback_dial_template
        self._offer_setup_timeout_s = offer_setup_timeout_s

    def offer_to_agent(
        self, call_uuid: str, agent_endpoint: str, caller_id: str, timeout_s: int
    ) -> str:
        _checked(UUID_PATTERN, call_uuid, "call uuid")
        leg_uuid = str(uuid.uuid4())
        shown_number = _caller_id(caller_id)
        variables = {
            "origination_uuid": leg_uuid,
            "originate_timeout": str(_positive_seconds(timeout_s)),
            "origination_caller_id_number": shown_number,
            "origination_caller_id_name": shown_number,
            OFFER_CALL_VARIABLE: call_uuid,
        }
        dial_string = self._endpoints.dial_string(agent_endpoint)
        command = f"originate {_channel_variables(variables)}{dial_string} &park()"
        return self._start_leg(command, leg_uuid, agent_endpoint)

    def bridge(self, call_uuid: str, agent_leg_uuid: str) -> None:
        _checked(UUID_PATTERN, call_uuid, "call uuid")
        _checked(UUID_PATTERN, agent_leg_uuid, "agent leg uuid")
        expect_ok(self._api(f"uuid_bridge {call_uuid} {agent_leg_uuid}"))

    def announce(self, call_uuid: str, prompt_paths: Sequence[str]) -> None:
        _checked(UUID_PATTERN, call_uuid, "call uuid")
        if not prompt_paths:
            raise ValueError("announce needs at least one prompt")
        paths = [_checked(_MEDIA, path, "prompt path") for path in prompt_paths]
        media = paths[0] if len(paths) == 1 else "file_string://" + "!".join(paths)
        expect_ok(self._api(f"uuid_broadcast {call_uuid} {media} aleg"))

    def transfer(self, call_uuid: str, destination: str) -> None:
        _checked(UUID_PATTERN, call_uuid, "call uuid")
        _checked(_DESTINATION, destination, "transfer destination")
        expect_ok(self._api(f"uuid_transfer {call_uuid} {destination} XML {self._context}"))

    def hangup(self, call_uuid: str, cause: str = DEFAULT_HANGUP_CAUSE) -> None:
        _checked(UUID_PATTERN, call_uuid, "call uuid")
        _checked(_HANGUP_CAUSE, cause, "hangup cause")
        expect_ok(self._api(f"uuid_kill {call_uuid} {cause}"))

    def originate_callback(
        self, number: str, agent_endpoint: str, caller_id: str, timeout_s: int
    ) -> str:
        """Ring the agent (who sees the customer's number), then dial the customer, who sees
        `caller_id` (the service number)."""
        if self._callback_template is None:
            raise SwitchError("callbacks are not configured (no callback dial template)")
        _checked(_PHONE_NUMBER, number, "callback number")
        leg_uuid = str(uuid.uuid4())
        variables = {
            "origination_uuid": leg_uuid,
            "originate_timeout": str(_positive_seconds(timeout_s)),
            "origination_caller_id_number": number,
            "origination_caller_id_name": number,
        }
        customer = _channel_variables({"origination_caller_id_number": _caller_id(caller_id)})
        customer += self._callback_template.replace("{number}", number)
        dial_string = self._endpoints.dial_string(agent_endpoint)
        command = f"originate {_channel_variables(variables)}{dial_string} &bridge({customer})"
        return self._start_leg(command, leg_uuid, agent_endpoint)

    def hold(self, call_uuid: str) -> None:
        _checked(UUID_PATTERN, call_uuid, "call uuid")
        expect_ok(
            self._api(f"uuid_transfer {call_uuid} endless_playback:{self._hold_music} inline")
        )

    # -- plumbing ----------------------------------------------------------------------

    def _start_leg(self, command: str, leg_uuid: str, agent_endpoint: str) -> str:
        with self._esl.collect_events() as events:
            job_uuid = self._bgapi(command)

            def settles_offer(event: EslEvent) -> bool:
                if isinstance(event, BackgroundJob):
                    return event.job_uuid == job_uuid
                return isinstance(event, ChannelCreate) and event.uuid == leg_uuid

            outcome = events.wait_for(settles_offer, self._offer_setup_timeout_s)
        if isinstance(outcome, BackgroundJob) and not outcome.ok:
            raise originate_failure(outcome.result, agent_endpoint)
        if outcome is None:
            log.warning(
                "no sign of agent leg %s after %.1fs; assuming it rings",
                leg_uuid,
                self._offer_setup_timeout_s,
            )
        return leg_uuid

    def _api(self, command: str) -> str:
        try:
            return self._esl.api(command)
        except (EslNotConnected, EslCommandTimeout) as exc:
            raise SwitchUnavailable(str(exc)) from exc

    def _bgapi(self, command: str) -> str:
        try:
            return self._esl.bgapi(command)
        except (EslNotConnected, EslCommandTimeout) as exc:
            raise SwitchUnavailable(str(exc)) from exc
        except EslCommandRejected as exc:
            raise SwitchError(str(exc)) from exc


def _checked(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ValueError(f"invalid {what}")  # the value itself stays out: it may be anything
    return value


def _caller_id(caller_id: str) -> str:
    """A caller's number as shown on a phone; anything that is not a plain number is hidden."""
    return caller_id if _CALLER_ID.fullmatch(caller_id or "") else ANONYMOUS


def _positive_seconds(timeout_s: int) -> int:
    seconds = int(timeout_s)
    if seconds <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    return seconds


def _channel_variables(variables: Mapping[str, str]) -> str:
    return "{" + ",".join(f"{name}={value}" for name, value in variables.items()) + "}"
