"""Errors of the event-socket connection itself (transport, login, command round trips)."""

from __future__ import annotations


class EslError(Exception):
    """Base class for event-socket failures."""


class EslAuthenticationError(EslError):
    """The switch refused the event-socket password. Retrying cannot help: fix the config."""


class EslNotConnected(EslError):
    """No live event-socket session right now (connecting, reconnecting or stopped)."""


class EslCommandTimeout(EslError):
    """The switch did not answer a command in time; the session is dropped and rebuilt."""


class EslCommandRejected(EslError):
    """The switch answered a command/reply with ``-ERR`` (for example a bad ``bgapi``)."""
