"""A self-healing event-socket connection to FreeSWITCH (gevent).

`EslConnection` keeps one authenticated, subscribed session alive:

- connects with exponential backoff (tenacity); a refused password is fatal at once (a
  config error: retrying would only hammer the switch);
- subscribes to the events the queue needs after every (re)connect, because a new socket
  starts with no subscriptions;
- notices a dead session (the socket closed, or a command or heartbeat got no answer),
  fails the commands in flight, and reconnects;
- runs `on_connected(conn)` after every (re)connect so the caller can reconcile its state
  with the switch (`show channels as json`, registrations): events sent while the socket
  was down are lost for good.

`handler` and `on_connected` run one at a time, in arrival order, in one dispatcher
greenlet. They may call `api()`/`bgapi()` and wait on `collect_events()`: replies and
events are read by another greenlet. A slow handler delays later events, nothing else.

Everything runs in the gevent hub of the thread that calls `start()`; call the methods
from that thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, cast

import gevent
import gevent.event
import gevent.lock
import gevent.queue
from greenswitch.esl import NotConnectedError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    wait_exponential,
    wait_random,
)

from backoffice.esl.errors import (
    EslAuthenticationError,
    EslCommandRejected,
    EslCommandTimeout,
    EslError,
    EslNotConnected,
)
from backoffice.esl.events import EslEvent, parse_event
from backoffice.esl.inbound import InboundSession
from backoffice.esl.wire import RawEvent

log = logging.getLogger(__name__)

EventFormat = Literal["plain", "json"]
EventHandler = Callable[[EslEvent], None]
ConnectedHook = Callable[["EslConnection"], None]

# CHANNEL_CREATE lets an originate see its leg ringing; the rest drive the queue.
QUEUE_EVENTS: tuple[str, ...] = (
    "CHANNEL_CREATE",
    "CHANNEL_PARK",
    "CHANNEL_ANSWER",
    "CHANNEL_HANGUP_COMPLETE",
    "CHANNEL_BRIDGE",
    "DTMF",
    "BACKGROUND_JOB",
    "CUSTOM",
    "sofia::register",
    "sofia::unregister",
    "sofia::expire",
)

_TRANSIENT_CONNECT_ERRORS = (OSError, EOFError, NotConnectedError, EslNotConnected)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Reconnect delays: `initial_s`, doubling up to `max_s`, with jitter of `initial_s`."""

    initial_s: float = 0.5
    max_s: float = 30.0


class _Stopping(Exception):
    """Raised inside the connect loop when `stop()` was called."""


class _Connected:
    """Dispatcher queue marker: a session just came up, run `on_connected`."""


_STOP = object()


class EventCollector:
    """Sees every event from the moment it is opened; lets one greenlet wait for one."""

    def __init__(self) -> None:
        self._events: gevent.queue.Queue[EslEvent] = gevent.queue.Queue()

    def offer(self, event: EslEvent) -> None:
        self._events.put_nowait(event)

    def wait_for(self, matches: Callable[[EslEvent], bool], timeout_s: float) -> EslEvent | None:
        """The first collected event that `matches`, or None after `timeout_s`."""
        timer = gevent.Timeout(timeout_s)
        timer.start()
        try:
            while True:
                event: EslEvent = self._events.get()
                if matches(event):
                    return event
        except gevent.Timeout as expired:
            if expired is not timer:
                raise
            return None
        finally:
            timer.close()


class EslConnection:
    def __init__(
        self,
        host: str,
        port: int,
        password: str,
        *,
        handler: EventHandler,
        on_connected: ConnectedHook | None = None,
        event_format: EventFormat = "plain",
        events: Sequence[str] = QUEUE_EVENTS,
        backoff: Backoff = Backoff(),
        connect_timeout_s: float = 5.0,
        command_timeout_s: float = 10.0,
        heartbeat_interval_s: float | None = 20.0,
    ) -> None:
        if not password:
            raise ValueError("an event-socket password is required (set CALLCENTER_ESL_PASSWORD)")
        self._host = host
        self._port = port
        self._password = password
        self._handler = handler
        self._on_connected = on_connected
        self._subscription = f"event {event_format} {' '.join(events)}"
        self._backoff = backoff
        self._connect_timeout_s = connect_timeout_s
        self._command_timeout_s = command_timeout_s
        self._heartbeat_interval_s = heartbeat_interval_s

        self._session: InboundSession | None = None
        self._connecting: InboundSession | None = None
        self._session_up = gevent.event.Event()
        self._stopping = gevent.event.Event()
        self._command_lock = gevent.lock.Semaphore()
        self._dispatch_queue: gevent.queue.Queue[object] = gevent.queue.Queue()
        self._collectors: set[EventCollector] = set()
        self._supervisor: gevent.Greenlet | None = None
        self._dispatcher: gevent.Greenlet | None = None
        self._fatal: EslError | None = None
        self._sessions_started = 0

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Begin connecting in the background; returns at once."""
        if self._supervisor is not None:
            raise RuntimeError("EslConnection.start() called twice")
        self._dispatcher = gevent.spawn(self._dispatch_forever)
        self._supervisor = gevent.spawn(self._supervise)

    def run_forever(self) -> None:
        """Start and block until stopped; raises `EslAuthenticationError` on a bad password."""
        self.start()
        assert self._supervisor is not None
        self._supervisor.join()
        if self._fatal is not None:
            raise self._fatal

    def wait_until_connected(self, timeout_s: float) -> None:
        """Block until a session is up; raise the fatal error, or TimeoutError."""
        waiters: list[object] = [self._session_up]
        if self._supervisor is not None:
            waiters.append(self._supervisor)
        gevent.wait(waiters, timeout=timeout_s, count=1)
        if self._fatal is not None:
            raise self._fatal
        if not self._session_up.is_set():
            raise TimeoutError(f"no event-socket session within {timeout_s}s")

    def stop(self) -> None:
        """Say goodbye to the switch (if connected) and stop every greenlet."""
        if self._session_up.is_set():
            try:
                self._command("exit", timeout_s=min(self._command_timeout_s, 1.0))
            except EslError:
                pass  # going away anyway
        self._stopping.set()
        for session in (self._session, self._connecting):
            if session is not None:
                session.abort()
        current = gevent.getcurrent()
        if self._supervisor is not None and self._supervisor is not current:
            self._supervisor.join(timeout=5.0)
            self._supervisor.kill(block=False)
        self._dispatch_queue.put(_STOP)
        if self._dispatcher is not None and self._dispatcher is not current:
            self._dispatcher.join(timeout=5.0)
            self._dispatcher.kill(block=False)

    @property
    def connected(self) -> bool:
        return bool(self._session_up.is_set())

    @property
    def is_running(self) -> bool:
        """False once stopped, or after a fatal error (refused password or subscription)."""
        return self._supervisor is not None and not self._supervisor.dead

    @property
    def sessions_started(self) -> int:
        """How many sessions came up so far (1 after the first connect, 2 after a reconnect)."""
        return self._sessions_started

    # -- commands ----------------------------------------------------------------------

    def api(self, command: str) -> str:
        """Run ``api <command>`` and return the switch's text answer (``+OK``/``-ERR``...)."""
        data: str = self._command(f"api {command}").data
        return data

    def bgapi(self, command: str) -> str:
        """Run ``bgapi <command>``; return its Job-UUID. The result comes as a BackgroundJob."""
        reply = self._command(f"bgapi {command}")
        reply_text = reply.headers.get("Reply-Text", "")
        job_uuid = reply.headers.get("Job-UUID", "")
        if not reply_text.startswith("+OK") or not job_uuid:
            raise EslCommandRejected(reply_text or "bgapi: no Job-UUID in reply")
        return str(job_uuid)

    @contextmanager
    def collect_events(self) -> Iterator[EventCollector]:
        """Collect events from now on (open it before sending the command you wait on)."""
        collector = EventCollector()
        self._collectors.add(collector)
        try:
            yield collector
        finally:
            self._collectors.discard(collector)

    def _command(self, line: str, timeout_s: float | None = None) -> Any:
        if "\n" in line or "\r" in line:
            raise ValueError("an event-socket command must be a single line")
        session = self._session
        if session is None or not session.connected:
            raise EslNotConnected("no event-socket session")
        timer = gevent.Timeout(timeout_s or self._command_timeout_s)
        timer.start()
        sent = False
        try:
            with self._command_lock:
                sent = True
                return session.send(line)
        except gevent.Timeout as expired:
            if expired is not timer:
                raise
            if sent:
                session.abort()  # replies would no longer match their commands
            verb = " ".join(line.split(" ", 2)[:2])
            raise EslCommandTimeout(f"no reply to {verb!r} in time") from None
        except (NotConnectedError, OSError) as exc:
            raise EslNotConnected("event-socket session lost") from exc
        finally:
            timer.close()

    # -- the supervisor: connect, subscribe, watch, reconnect ---------------------------

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            try:
                self._run_session(self._connect_with_backoff())
                # The session came up and died: pause before the next one, so a switch
                # that accepts and drops at once is not hammered.
                self._sleep_unless_stopping(self._backoff.initial_s)
            except _Stopping:
                return
            except (EslAuthenticationError, EslCommandRejected) as exc:
                log.error("event socket %s:%s refused us: %s", self._host, self._port, exc)
                self._fatal = exc
                return
            except Exception as exc:
                log.exception("event-socket supervisor crashed")
                self._fatal = EslError(f"event-socket supervisor crashed: {type(exc).__name__}")
                return

    def _run_session(self, session: InboundSession) -> None:
        self._session = session
        heartbeat: gevent.Greenlet | None = None
        try:
            reply = self._command(self._subscription)
            reply_text = str(reply.headers.get("Reply-Text", ""))
            if not reply_text.startswith("+OK"):
                raise EslCommandRejected(f"event subscription refused: {reply_text}")
            self._sessions_started += 1
            self._session_up.set()
            log.info("event socket connected to %s:%s", self._host, self._port)
            self._dispatch_queue.put(_Connected())
            if self._heartbeat_interval_s:
                heartbeat = gevent.spawn(self._heartbeat, self._heartbeat_interval_s)
            if session.reader is not None:
                gevent.wait([session.reader, self._stopping], count=1)
        except (EslNotConnected, EslCommandTimeout) as exc:
            log.warning("event socket lost while subscribing: %s", type(exc).__name__)
        finally:
            self._session_up.clear()
            self._session = None
            if heartbeat is not None:
                heartbeat.kill(block=False)
            session.close()
            if not self._stopping.is_set():
                log.warning("event socket to %s:%s lost; reconnecting", self._host, self._port)

    def _connect_with_backoff(self) -> InboundSession:
        retrying = Retrying(
            retry=retry_if_exception_type(_TRANSIENT_CONNECT_ERRORS),
            wait=wait_exponential(multiplier=self._backoff.initial_s, max=self._backoff.max_s)
            + wait_random(0, self._backoff.initial_s),
            sleep=self._sleep_unless_stopping,
            before_sleep=self._log_retry,
            reraise=True,
        )
        session: InboundSession = retrying(self._connect_once)
        return session

    def _connect_once(self) -> InboundSession:
        if self._stopping.is_set():
            raise _Stopping
        session = InboundSession(
            self._host, self._port, self._password, self._connect_timeout_s, self._ingest
        )
        self._connecting = session
        try:
            with gevent.Timeout(self._connect_timeout_s, EslNotConnected("login timed out")):
                session.connect()
        except BaseException:
            session.close()
            raise
        finally:
            self._connecting = None
        return session

    def _sleep_unless_stopping(self, seconds: float) -> None:
        if self._stopping.wait(timeout=seconds):
            raise _Stopping

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "event socket %s:%s unavailable (%s); retry %d in %.2fs",
            self._host,
            self._port,
            type(error).__name__,
            state.attempt_number,
            delay,
        )

    def _heartbeat(self, interval_s: float) -> None:
        """Detect a half-open socket: a command that gets no answer drops the session."""
        while not self._stopping.wait(timeout=interval_s):
            try:
                self.api("status")
            except EslError:
                return

    # -- events ------------------------------------------------------------------------

    def _ingest(self, raw: RawEvent) -> None:
        """Called by the reader greenlet for every event frame; must not block."""
        try:
            event = parse_event(raw.headers, raw.body)
        except Exception:
            log.exception("could not parse a %s event; skipped", raw.name or "nameless")
            return
        if event is None:
            return
        for collector in list(self._collectors):
            collector.offer(event)
        self._dispatch_queue.put(event)

    def _dispatch_forever(self) -> None:
        while True:
            item = self._dispatch_queue.get()
            if item is _STOP:
                return
            if isinstance(item, _Connected):
                self._run_on_connected()
            else:
                self._run_handler(cast(EslEvent, item))

    def _run_on_connected(self) -> None:
        if self._on_connected is None:
            return
        try:
            self._on_connected(self)
        except Exception:
            log.exception("on_connected hook failed; the queue may be out of step until next time")

    def _run_handler(self, event: EslEvent) -> None:
        try:
            self._handler(event)
        except Exception:
            log.exception(
                "event handler failed for %s %s",
                type(event).__name__,
                getattr(event, "uuid", getattr(event, "job_uuid", "")),
            )
