"""Turn FreeSWITCH's text answers (``+OK ...`` / ``-ERR ...``) into results or errors (pure)."""

from __future__ import annotations

from backoffice.acd.switch_port import AgentUnreachable, CallGone, SwitchError

# Originate failures that mean "this agent's phone cannot ring now" (hangup cause names).
AGENT_UNREACHABLE_CAUSES = frozenset(
    {
        "USER_NOT_REGISTERED",
        "SUBSCRIBER_ABSENT",
        "USER_BUSY",
        "NO_ANSWER",
        "NO_USER_RESPONSE",
        "CALL_REJECTED",
        "NO_ROUTE_DESTINATION",
        "UNALLOCATED_NUMBER",
        "DESTINATION_OUT_OF_ORDER",
        "NETWORK_OUT_OF_ORDER",
        "RECOVERY_ON_TIMER_EXPIRE",
    }
)

_CHANNEL_GONE_MARKERS = ("no such channel", "invalid uuid")


def expect_ok(reply: str) -> str:
    """The text after ``+OK``; raise `CallGone` or `SwitchError` for anything else."""
    text = reply.strip()
    if text.startswith("+OK"):
        return text[3:].strip()
    raise command_failure(text)


def command_failure(reply: str) -> SwitchError:
    reason = _reason(reply)
    if any(marker in reason.lower() for marker in _CHANNEL_GONE_MARKERS):
        return CallGone(reason)
    return SwitchError(reason)


def originate_failure(reply: str, agent_endpoint: str) -> SwitchError:
    """``-ERR USER_NOT_REGISTERED`` and friends -> `AgentUnreachable`; else `SwitchError`."""
    reason = _reason(reply)
    cause = reason.split(" ", 1)[0]
    if cause in AGENT_UNREACHABLE_CAUSES:
        return AgentUnreachable(cause, agent_endpoint)
    return SwitchError(f"originate failed: {reason}")


def _reason(reply: str) -> str:
    text = reply.strip()
    for prefix in ("-ERR", "-USAGE:"):
        if text.startswith(prefix):
            return text[len(prefix) :].strip() or "unknown error"
    return text or "empty reply"
