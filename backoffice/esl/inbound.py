"""One event-socket session: greenswitch's inbound client, with its weak spots patched.

greenswitch 0.0.19 reads the wire and matches replies to commands well; this subclass
changes only what would hurt a long-running listener:

- event frames (plain and JSON) are decoded by `backoffice.esl.wire` and handed to a
  callback, instead of greenswitch's own event queue and processing greenlet (which cannot
  parse JSON, mangles bodies, and drops queued events when the socket closes);
- a short read (socket closed mid-frame) ends the session instead of spinning forever;
- when the reader stops, pending commands fail at once instead of waiting forever, and
  `connect()` stops waiting for an ``auth/request`` that will never come;
- a refused password raises `EslAuthenticationError`.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

import gevent
from greenswitch.esl import InboundESL, NotConnectedError

from backoffice.esl.errors import EslAuthenticationError
from backoffice.esl.wire import EVENT_CONTENT_TYPES, RawEvent, decode_event

log = logging.getLogger(__name__)

_CLOSE_WAIT_S = 2.0


class InboundSession(InboundESL):  # type: ignore[misc]  # greenswitch is untyped
    """An authenticated inbound socket that passes every event to `on_event`."""

    _commands_sent: list[Any]  # greenswitch's replies-in-waiting, oldest first

    def __init__(
        self,
        host: str,
        port: int,
        password: str,
        connect_timeout_s: float,
        on_event: Callable[[RawEvent], None],
    ) -> None:
        super().__init__(host, port, password, timeout=connect_timeout_s)
        self._on_event = on_event

    @property
    def reader(self) -> gevent.Greenlet | None:
        """The greenlet reading the socket; it ends when the session ends."""
        reader: gevent.Greenlet | None = self._receive_events_greenlet
        return reader

    def start_event_handlers(self) -> None:
        # Only the reader: events are dispatched by EslConnection, not by greenswitch.
        self._receive_events_greenlet = gevent.spawn(self.receive_events)

    def receive_events(self) -> None:
        try:
            super().receive_events()
        finally:
            self.connected = False
            self._run = False
            self._auth_request_event.set()  # wake connect() if auth/request never came
            self._fail_pending_commands()

    def handle_event(self, event: Any) -> None:
        try:
            content_type = event.headers.get("Content-Type", "")
            if content_type in EVENT_CONTENT_TYPES:
                length = int(event.headers["Content-Length"])
                self._on_event(decode_event(content_type, self._read_exactly(length)))
            else:
                super().handle_event(event)
        except Exception:
            log.exception("event-socket frame could not be handled; dropping the session")
            self.connected = False
            self._run = False

    @staticmethod
    def _read_socket(sock: Any, length: int) -> str:
        data: bytes = sock.read(length)
        if len(data) < length:
            raise EOFError("event socket closed in the middle of a frame")
        return data.decode("utf-8")

    def _read_exactly(self, length: int) -> bytes:
        data: bytes = self.sock_file.read(length)
        if len(data) < length:
            raise EOFError("event socket closed in the middle of a frame")
        return data

    def authenticate(self) -> None:
        response = self.send(f"auth {self.password}")
        if response.headers.get("Reply-Text") != "+OK accepted":
            raise EslAuthenticationError("the switch refused the event-socket password")

    def abort(self) -> None:
        """Cut the socket so the reader sees end-of-file and the session ends."""
        self.connected = False
        self._run = False
        sock = getattr(self, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed or never connected

    def close(self) -> None:
        """End the session and release the socket; safe to call more than once."""
        self.abort()
        reader = self.reader
        if reader is not None and not reader.dead:
            reader.join(timeout=_CLOSE_WAIT_S)
            reader.kill(block=False)
        for resource in (getattr(self, "sock_file", None), getattr(self, "sock", None)):
            if resource is not None:
                resource.close()
        self._fail_pending_commands()

    def _fail_pending_commands(self) -> None:
        pending: list[Any] = self._commands_sent
        self._commands_sent = []
        for result in pending:
            result.set_exception(NotConnectedError("event socket closed"))
