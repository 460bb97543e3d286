"""The `Switch` port: everything the agent queue (ACD) asks of the telephone switch.

The ACD is written against this protocol only. Two adapters implement it: the ESL adapter
(`backoffice.esl.switch_adapter.EslSwitch`, FreeSWITCH over the event socket) and the
in-process simulated switch used on a fresh machine and in tests. Calls are synchronous;
what happens *afterwards* on the switch (an agent answers, a caller hangs up) reaches the
ACD as events, not as return values.

Errors are port-level so the ACD can handle them the same way for every adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

DEFAULT_HANGUP_CAUSE = "NORMAL_CLEARING"


class SwitchError(Exception):
    """A switch command failed. `error_id` is stable; the message is for operators."""

    error_id = "switch_error"


class SwitchUnavailable(SwitchError):
    """The switch cannot be reached right now (connection down or not answering)."""

    error_id = "switch_unavailable"


class CallGone(SwitchError):
    """The call (channel) no longer exists on the switch: the caller has hung up."""

    error_id = "call_gone"


class AgentUnreachable(SwitchError):
    """The agent's phone could not be rung (not registered, busy, rejected, ...).

    `cause` is the switch's hangup cause, e.g. ``USER_NOT_REGISTERED``. The ACD should make
    the agent not-ready and offer the call to someone else.
    """

    error_id = "agent_unreachable"

    def __init__(self, cause: str, agent_endpoint: str) -> None:
        super().__init__(f"agent endpoint {agent_endpoint!r} unreachable: {cause}")
        self.cause = cause
        self.agent_endpoint = agent_endpoint


class UnknownAgentEndpoint(SwitchError):
    """The agent has no endpoint in the operator's configuration, so it cannot be dialed."""

    error_id = "unknown_agent_endpoint"


@runtime_checkable
class Switch(Protocol):
    """What the ACD can make the switch do. Call ids are the switch's channel uuids.

    `agent_endpoint` is a *key* into the operator's endpoint configuration (for example the
    agent's extension ``"1001"``), never a dial string: adapters resolve it themselves and
    raise `UnknownAgentEndpoint` for keys they do not know.
    """

    def offer_to_agent(
        self, call_uuid: str, agent_endpoint: str, caller_id: str, timeout_s: int
    ) -> str:
        """Ring the agent's phone for waiting call `call_uuid`; return the new agent leg's uuid.

        Returns once the agent's phone is ringing (or already answered); the answer or
        no-answer arrives later as an event on the returned leg. Raises `AgentUnreachable`
        when the phone cannot be rung at all. `caller_id` is shown on the agent's phone;
        the phone stops ringing after `timeout_s` seconds.
        """
        ...

    def bridge(self, call_uuid: str, agent_leg_uuid: str) -> None:
        """Connect the waiting caller to the answered agent leg."""
        ...

    def announce(self, call_uuid: str, prompt_paths: Sequence[str]) -> None:
        """Play prompts to a waiting caller over the hold music (position, expected wait)."""
        ...

    def transfer(self, call_uuid: str, destination: str) -> None:
        """Send the call to a configured dialplan destination (voicemail, night service, IVR)."""
        ...

    def hangup(self, call_uuid: str, cause: str = DEFAULT_HANGUP_CAUSE) -> None:
        """End a call or an agent leg (for example an offer the agent did not answer)."""
        ...

    def originate_callback(
        self, number: str, agent_endpoint: str, caller_id: str, timeout_s: int
    ) -> str:
        """Call a customer back (遇忙回叫): ring the agent first, then dial `number`.

        Returns the agent leg's uuid, like `offer_to_agent`.
        """
        ...

    def hold(self, call_uuid: str) -> None:
        """Park the caller with hold music until the ACD bridges or transfers the call."""
        ...
