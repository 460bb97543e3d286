"""A fake FreeSWITCH event socket for tests: real TCP on 127.0.0.1, real ESL framing.

Framing is copied from raw captures of FreeSWITCH 1.10.12 (`transcripts/` beside this file;
`test_fake_server.py` replays them byte for byte):

- on connect: ``Content-Type: auth/request``;
- ``auth <pw>`` → ``command/reply`` ``+OK accepted``, or ``-ERR invalid`` followed by a
  ``text/disconnect-notice`` and a closed socket;
- ``api <cmd>`` → ``api/response`` with ``Content-Length`` (byte count of the body);
- ``bgapi <cmd>`` → ``command/reply`` with ``Job-UUID``, then a ``BACKGROUND_JOB`` event
  whose body is the result;
- ``event plain|json <names>`` (``CUSTOM`` followed by subclasses), ``noevents``, ``exit``;
- events: ``Content-Length`` then ``Content-Type: text/event-plain`` (url-encoded header
  lines) or ``text/event-json`` (one compact JSON object, body under ``_body``).

Beyond the wire, it keeps a tiny model of a switch so adapters can be tested end to end:
channels (``show channels as json``, ``uuid_*``), registrations (``show registrations as
json``, ``originate user/...``). Any ``api`` command can be overridden with `on_api`.
Everything the clients send is recorded in `commands`. The server can drop every
connection abruptly, stall (read but never answer), and refuse new connections.

Runs in its own threads (no gevent), so a gevent client in the test thread talks to it
over a real socket.
"""

from __future__ import annotations

import json
import re
import socket
import socketserver
import threading
import time
import uuid as uuid_module
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Self

Headers = list[tuple[str, str]]

DISCONNECT_NOTICE = (
    b"Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
    b"Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"
)
CORE_UUID = "38d6ba95-cf38-41a5-a78b-971757c2e81c"
HOSTNAME = "vm"
STATUS_TEXT = (
    "UP 0 years, 0 days, 0 hours, 0 minutes, 10 seconds, 270 milliseconds, 591 microseconds\n"
    "FreeSWITCH (Version 1.10.12-release  64bit) is ready\n"
    "0 session(s) since startup\n"
    "0 session(s) - peak 0, last 5min 0 \n"
    "0 session(s) per Sec out of max 30, peak 0, last 5min 0 \n"
    "1000 session(s) max\n"
    "min idle cpu 0.00/99.63\n"
    "Current Stack Size/Max 240K/8192K\n"
)
_URL_UNSAFE = frozenset(b'\r\n "#%&+:;<=>?@[\\]^`{|}')


# -- framing (what FreeSWITCH writes) ------------------------------------------------------


def url_encode(value: str) -> str:
    """FreeSWITCH's `switch_url_encode`: escape unsafe, control and non-ASCII bytes."""
    return "".join(
        f"%{byte:02X}" if byte in _URL_UNSAFE or byte < 0x20 or byte > 0x7E else chr(byte)
        for byte in value.encode("utf-8")
    )


def command_reply(reply_text: str, extra: Iterable[tuple[str, str]] = ()) -> bytes:
    lines = ["Content-Type: command/reply", f"Reply-Text: {reply_text}"]
    lines += [f"{name}: {value}" for name, value in extra]
    return ("\n".join(lines) + "\n\n").encode()


def api_response(body: str) -> bytes:
    data = body.encode()
    return f"Content-Type: api/response\nContent-Length: {len(data)}\n\n".encode() + data


def plain_event_frame(headers: Sequence[tuple[str, str]], body: str | None = None) -> bytes:
    text = "".join(f"{name}: {url_encode(value)}\n" for name, value in headers)
    if body:
        text += f"Content-Length: {len(body.encode())}\n\n{body}"
    else:
        text += "\n"
    data = text.encode()
    return f"Content-Length: {len(data)}\nContent-Type: text/event-plain\n\n".encode() + data


def json_event_frame(headers: Sequence[tuple[str, str]], body: str | None = None) -> bytes:
    pairs = list(headers)  # not a dict: FreeSWITCH repeats some headers (Hangup-Cause)
    if body:
        pairs += [("Content-Length", str(len(body.encode()))), ("_body", body)]
    members = (f"{_json_string(name)}:{_json_string(value)}" for name, value in pairs)
    data = ("{" + ",".join(members) + "}").encode()
    return f"Content-Length: {len(data)}\nContent-Type: text/event-json\n\n".encode() + data


def _json_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def show_json(rows: Sequence[dict[str, str]]) -> str:
    """``show ... as json`` output; note FreeSWITCH's different shape for zero rows."""
    if not rows:
        return '{"row_count": 0}\n'
    return json.dumps({"row_count": len(rows), "rows": list(rows)}, separators=(",", ":"))


# -- the fake switch's state ---------------------------------------------------------------


@dataclass
class FakeReply:
    """A scripted answer: `body` (None: a bgapi job that never completes) and events to send
    (after an api response, or before a bgapi job's result)."""

    body: str | None
    events: list[Headers] = field(default_factory=list)


Responder = Callable[[str], "str | FakeReply"]


@dataclass
class FakeChannel:
    uuid: str
    caller_number: str = "0000000000"
    destination: str = "10000"
    application: str = "park"
    variables: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeRegistration:
    user: str
    realm: str
    answers: bool  # whether an originate to this user is answered at once


@dataclass
class Subscription:
    format: str = "plain"
    names: set[str] = field(default_factory=set)
    subclasses: set[str] = field(default_factory=set)
    everything: bool = False

    def accepts(self, name: str, subclass: str) -> bool:
        if self.everything:
            return True
        if name == "CUSTOM":
            return "CUSTOM" in self.names and (not self.subclasses or subclass in self.subclasses)
        return name in self.names


@dataclass(frozen=True)
class ReceivedCommand:
    connection: int
    text: str


class _Client:
    def __init__(self, number: int, sock: socket.socket) -> None:
        self.number = number
        self.sock = sock
        self.authenticated = False
        self.subscription: Subscription | None = None
        self._write_lock = threading.Lock()

    def send(self, data: bytes) -> None:
        with self._write_lock:
            try:
                self.sock.sendall(data)
            except OSError:
                pass  # the client went away; its reader thread will notice

    def cut(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


# -- the server ----------------------------------------------------------------------------


class FakeEslServer:
    def __init__(self, password: str, *, job_uuids: Callable[[], str] | None = None) -> None:
        self.password = password
        self._new_job_uuid = job_uuids or (lambda: str(uuid_module.uuid4()))
        self._lock = threading.RLock()
        self._clients: dict[int, _Client] = {}
        self._commands: list[ReceivedCommand] = []
        self._responders: dict[str, Responder] = {}
        self._channels: dict[str, FakeChannel] = {}
        self._registrations: dict[str, FakeRegistration] = {}
        self._connections_accepted = 0
        self._refusing = False
        self._stalled = False
        self._sequence = 500
        self._server = _TcpServer(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # lifecycle

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self.drop_connections()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    # what happened

    @property
    def commands(self) -> list[ReceivedCommand]:
        with self._lock:
            return list(self._commands)

    def command_texts(self, prefix: str = "") -> list[str]:
        return [c.text for c in self.commands if c.text.startswith(prefix)]

    @property
    def connections_accepted(self) -> int:
        with self._lock:
            return self._connections_accepted

    @property
    def live_connections(self) -> int:
        with self._lock:
            return len(self._clients)

    def subscribed_connections(self) -> int:
        with self._lock:
            return sum(1 for c in self._clients.values() if c.subscription is not None)

    # scripting

    def on_api(self, command_name: str, responder: Responder) -> None:
        """Answer ``api``/``bgapi`` ``<command_name> ...`` with `responder(arguments)`."""
        with self._lock:
            self._responders[command_name] = responder

    def drop_connections(self) -> None:
        """Cut every client socket at once, without a disconnect notice (a crash, a network
        failure)."""
        with self._lock:
            clients = list(self._clients.values())
        for client in clients:
            client.cut()

    def stall(self, stalled: bool = True) -> None:
        """Keep reading commands but stop answering them (a hung switch, a half-open link)."""
        with self._lock:
            self._stalled = stalled

    def refuse_connections(self, refusing: bool = True) -> None:
        """While refusing, close every new connection right after accepting it (switch down)."""
        with self._lock:
            self._refusing = refusing

    def push_event(self, headers: Sequence[tuple[str, str]], body: str | None = None) -> None:
        """Send an event to every client subscribed to it, in that client's format."""
        headers = list(headers)
        values = dict(headers)
        name, subclass = values.get("Event-Name", ""), values.get("Event-Subclass", "")
        with self._lock:
            targets = [
                c
                for c in self._clients.values()
                if c.subscription is not None and c.subscription.accepts(name, subclass)
            ]
        for client in targets:
            assert client.subscription is not None
            if client.subscription.format == "json":
                client.send(json_event_frame(headers, body))
            else:
                client.send(plain_event_frame(headers, body))

    # the switch model

    def register(self, user: str, realm: str = "127.0.0.1", *, answers: bool = True) -> None:
        """A phone registers: it shows in ``show registrations`` and a sofia::register fires."""
        with self._lock:
            self._registrations[user] = FakeRegistration(user, realm, answers)
        self.push_event(self.registration_event("sofia::register", user, realm, expires="60"))

    def unregister(self, user: str) -> None:
        with self._lock:
            registration = self._registrations.pop(user)
        self.push_event(self.registration_event("sofia::unregister", user, registration.realm, "0"))

    def add_channel(self, channel: FakeChannel) -> None:
        with self._lock:
            self._channels[channel.uuid] = channel

    def park_call(self, channel: FakeChannel) -> None:
        """A caller arrives and waits: the channel exists and CHANNEL_PARK fires."""
        self.add_channel(channel)
        self.push_event(self.channel_event("CHANNEL_PARK", channel))

    def hang_up(self, call_uuid: str, cause: str = "NORMAL_CLEARING") -> None:
        with self._lock:
            channel = self._channels.pop(call_uuid)
        self.push_event(self.channel_event("CHANNEL_HANGUP_COMPLETE", channel, cause=cause))

    def channel(self, call_uuid: str) -> FakeChannel | None:
        with self._lock:
            return self._channels.get(call_uuid)

    def channel_event(
        self, name: str, channel: FakeChannel, cause: str | None = None, **extra: str
    ) -> Headers:
        headers = self.event_prelude(name)
        if cause is not None:
            headers.append(("Hangup-Cause", cause))
        headers += [
            ("Channel-Name", f"sofia/internal/{channel.caller_number}@127.0.0.1"),
            ("Unique-ID", channel.uuid),
            ("Call-Direction", "inbound"),
            ("Channel-Call-UUID", channel.uuid),
            ("Caller-Caller-ID-Number", channel.caller_number),
            ("Caller-Destination-Number", channel.destination),
            ("Caller-Unique-ID", channel.uuid),
        ]
        headers += list(extra.items())
        headers += [(f"variable_{k}", v) for k, v in channel.variables.items()]
        if cause is not None:
            headers.append(("variable_hangup_cause", cause))
        return headers

    def registration_event(self, subclass: str, user: str, realm: str, expires: str) -> Headers:
        """A sofia::register/unregister event with the headers a real one carries."""
        headers = self.event_prelude("CUSTOM", subclass)
        headers += [
            ("profile-name", "internal"),
            ("from-user", user),
            ("from-host", realm),
            ("contact", f'"" <sip:{user}@{realm}:5091>'),
            ("expires", expires),
            ("username", user),
            ("realm", realm),
        ]
        return headers

    def event_prelude(self, name: str, subclass: str | None = None) -> Headers:
        with self._lock:
            self._sequence += 1
            sequence = self._sequence
        now = time.time()
        headers: Headers = [("Event-Subclass", subclass)] if subclass else []
        headers += [
            ("Event-Name", name),
            ("Core-UUID", CORE_UUID),
            ("FreeSWITCH-Hostname", HOSTNAME),
            ("FreeSWITCH-Switchname", HOSTNAME),
            ("FreeSWITCH-IPv4", "192.0.2.2"),
            ("FreeSWITCH-IPv6", "fd00::2"),
            ("Event-Date-Local", time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))),
            ("Event-Date-GMT", formatdate(now, usegmt=True)),
            ("Event-Date-Timestamp", str(int(now * 1_000_000))),
            ("Event-Calling-File", "fake_esl_server.py"),
            ("Event-Calling-Function", "fake"),
            ("Event-Calling-Line-Number", "1"),
            ("Event-Sequence", str(sequence)),
        ]
        return headers

    # -- connection handling (runs in the server's threads) --------------------------------

    def _serve(self, sock: socket.socket) -> None:
        with self._lock:
            self._connections_accepted += 1
            number = self._connections_accepted
            if self._refusing:
                return
            client = _Client(number, sock)
            self._clients[number] = client
        try:
            client.send(b"Content-Type: auth/request\n\n")
            buffer = b""
            while True:
                data = sock.recv(65536)
                if not data:
                    return
                buffer += data
                while b"\n\n" in buffer:
                    raw, buffer = buffer.split(b"\n\n", 1)
                    if not self._handle(client, raw.decode("utf-8", errors="replace")):
                        return
        except OSError:
            return
        finally:
            with self._lock:
                self._clients.pop(number, None)

    def _handle(self, client: _Client, text: str) -> bool:
        """Answer one command; False when the connection must close."""
        with self._lock:
            self._commands.append(ReceivedCommand(client.number, text))
            if self._stalled:
                return True
        line = text.split("\n", 1)[0].strip()
        verb, _, rest = line.partition(" ")
        if not client.authenticated:
            if verb == "auth" and rest == self.password:
                client.authenticated = True
                client.send(command_reply("+OK accepted"))
                return True
            client.send(command_reply("-ERR invalid") + DISCONNECT_NOTICE)
            return False
        if verb == "api":
            reply = self._run_api(rest)
            client.send(api_response(reply.body if reply.body is not None else "-ERR NO_ANSWER\n"))
            for event in reply.events:
                self.push_event(event)
        elif verb == "bgapi":
            self._run_bgapi(client, rest)
        elif verb == "event":
            self._subscribe(client, rest.split())
        elif verb == "noevents":
            client.subscription = None
            client.send(command_reply("+OK no longer listening for events"))
        elif verb == "exit":
            client.send(command_reply("+OK bye") + DISCONNECT_NOTICE)
            return False
        else:
            client.send(command_reply("-ERR command not found"))
        return True

    def _subscribe(self, client: _Client, words: list[str]) -> None:
        event_format, names = (words[0], words[1:]) if words else ("plain", [])
        subscription = client.subscription or Subscription()
        subscription.format = event_format
        custom = False
        for name in names:
            if custom:
                subscription.subclasses.add(name)
            elif name == "ALL":
                subscription.everything = True
            else:
                subscription.names.add(name)
                custom = name == "CUSTOM"
        client.subscription = subscription
        client.send(command_reply(f"+OK event listener enabled {event_format}"))

    def _run_bgapi(self, client: _Client, command: str) -> None:
        job_uuid = self._new_job_uuid()
        client.send(command_reply(f"+OK Job-UUID: {job_uuid}", [("Job-UUID", job_uuid)]))
        reply = self._run_api(command)
        for event in reply.events:
            self.push_event(event)
        if reply.body is None:
            return
        name, _, arguments = command.partition(" ")
        headers = self.event_prelude("BACKGROUND_JOB")
        headers += [("Job-UUID", job_uuid), ("Job-Command", name), ("Job-Command-Arg", arguments)]
        self.push_event(headers, reply.body)

    def _run_api(self, command: str) -> FakeReply:
        name, _, arguments = command.partition(" ")
        with self._lock:
            scripted = self._responders.get(name)
        if scripted is not None:
            reply = scripted(arguments)
        elif name in _BUILTIN:
            reply = _BUILTIN[name](self, arguments)
        else:
            reply = f"-ERR {name} Command not found!\n"
        return reply if isinstance(reply, FakeReply) else FakeReply(reply)

    # -- built-in commands -------------------------------------------------------------------

    def _status(self, arguments: str) -> str:
        return STATUS_TEXT

    def _show(self, arguments: str) -> str:
        with self._lock:
            if arguments == "channels as json":
                return show_json([_channel_row(c) for c in self._channels.values()])
            if arguments == "registrations as json":
                return show_json([_registration_row(r) for r in self._registrations.values()])
        return f"-ERR fake switch cannot show {arguments!r}\n"

    def _sofia(self, arguments: str) -> str:
        """``sofia status profile <name> reg``: exact for no registrations (as captured);
        with registrations, a shortened listing."""
        if not re.fullmatch(r"status profile \S+ reg", arguments):
            return f"-ERR fake switch cannot sofia {arguments!r}\n"
        rule = "=" * 97
        with self._lock:
            registrations = list(self._registrations.values())
        listing = "".join(
            f'User:       \t{r.user}@{r.realm}\nContact:    \t"" <sip:{r.user}@{r.realm}:5091>\n'
            f"Status:     \tRegistered(UDP)(unknown)\n\n"
            for r in registrations
        )
        return f"\nRegistrations:\n{rule}\n{listing}Total items returned: {len(registrations)}\n{rule}\n"

    def _originate(self, arguments: str) -> FakeReply:
        match = _ORIGINATE.match(arguments)
        if match is None:
            return FakeReply("-USAGE: <call url> <exten>|&<application_name>(<app_args>)\n")
        variables = dict(
            item.split("=", 1) for item in (match["vars"] or "").split(",") if "=" in item
        )
        user = match["user"]
        with self._lock:
            registration = self._registrations.get(user) if user else None
        if registration is None:
            return FakeReply(
                "-ERR USER_NOT_REGISTERED\n" if user else "-ERR NO_ROUTE_DESTINATION\n"
            )
        leg = FakeChannel(
            uuid=variables.get("origination_uuid") or str(uuid_module.uuid4()),
            caller_number=variables.get("origination_caller_id_number", "0000000000"),
            destination=user or "",
            application=match["app"] or "park",
            variables=variables,
        )
        self.add_channel(leg)
        events = [self.channel_event("CHANNEL_CREATE", leg)]
        if not registration.answers:
            return FakeReply(None, events)
        events.append(self.channel_event("CHANNEL_ANSWER", leg))
        return FakeReply(f"+OK {leg.uuid}\n", events)

    def _uuid_bridge(self, arguments: str) -> FakeReply:
        a_uuid, _, b_uuid = arguments.partition(" ")
        a_leg, b_leg = self.channel(a_uuid), self.channel(b_uuid)
        if a_leg is None or b_leg is None:
            return FakeReply("-ERR Invalid uuid\n")
        event = self.channel_event(
            "CHANNEL_BRIDGE", a_leg, **{"Bridge-A-Unique-ID": a_uuid, "Bridge-B-Unique-ID": b_uuid}
        )
        return FakeReply(f"+OK {b_uuid}\n", [event])

    def _uuid_broadcast(self, arguments: str) -> str:
        return "+OK Message Sent\n"

    def _uuid_transfer(self, arguments: str) -> str:
        call_uuid, _, destination = arguments.partition(" ")
        channel = self.channel(call_uuid)
        if channel is None:
            return "-ERR No such channel!\n"
        channel.application = destination
        return "+OK\n"

    def _uuid_kill(self, arguments: str) -> FakeReply:
        call_uuid, _, cause = arguments.partition(" ")
        with self._lock:
            channel = self._channels.pop(call_uuid, None)
        if channel is None:
            return FakeReply("-ERR No such channel!\n")
        event = self.channel_event(
            "CHANNEL_HANGUP_COMPLETE", channel, cause=cause or "NORMAL_CLEARING"
        )
        return FakeReply("+OK\n", [event])

    def _uuid_setvar(self, arguments: str) -> str:
        call_uuid, name, value = (arguments.split(" ", 2) + ["", ""])[:3]
        channel = self.channel(call_uuid)
        if channel is None:
            return "-ERR No Such Channel!\n"
        channel.variables[name] = value
        return "+OK\n"

    def _uuid_getvar(self, arguments: str) -> str:
        call_uuid, _, name = arguments.partition(" ")
        channel = self.channel(call_uuid)
        if channel is None:
            return "-ERR No Such Channel!\n"
        return channel.variables.get(name, "_undef_")


_ORIGINATE = re.compile(
    r"^(?:\{(?P<vars>[^}]*)\})?(?:user/(?P<user>[^@\s]+)(?:@\S+)?|\S+)\s+(?:&(?P<app>\w+)\(.*\)|\S+)"
)

_BUILTIN: dict[str, Callable[[FakeEslServer, str], str | FakeReply]] = {
    "status": FakeEslServer._status,
    "show": FakeEslServer._show,
    "sofia": FakeEslServer._sofia,
    "originate": FakeEslServer._originate,
    "uuid_bridge": FakeEslServer._uuid_bridge,
    "uuid_broadcast": FakeEslServer._uuid_broadcast,
    "uuid_transfer": FakeEslServer._uuid_transfer,
    "uuid_kill": FakeEslServer._uuid_kill,
    "uuid_setvar": FakeEslServer._uuid_setvar,
    "uuid_getvar": FakeEslServer._uuid_getvar,
}


def _channel_row(channel: FakeChannel) -> dict[str, str]:
    return {
        "uuid": channel.uuid,
        "direction": "inbound",
        "created": "2026-11-22 02:00:20",
        "created_epoch": "1795312820",
        "name": f"sofia/internal/{channel.caller_number}@127.0.0.1",
        "state": "CS_EXECUTE",
        "cid_name": "",
        "cid_num": channel.caller_number,
        "ip_addr": "127.0.0.1",
        "dest": channel.destination,
        "application": channel.application,
        "application_data": "",
        "dialplan": "XML",
        "context": "default",
        "callstate": "ACTIVE",
        "call_uuid": channel.uuid,
    }


def _registration_row(registration: FakeRegistration) -> dict[str, str]:
    return {
        "reg_user": registration.user,
        "realm": registration.realm,
        "token": f"token-{registration.user}",
        "url": f"sofia/internal/sip:{registration.user}@127.0.0.1:5091",
        "expires": "1795312910",
        "network_ip": "127.0.0.1",
        "network_port": "5091",
        "network_proto": "udp",
        "hostname": HOSTNAME,
        "metadata": "",
    }


class _Handler(socketserver.BaseRequestHandler):
    server: _TcpServer

    def handle(self) -> None:
        self.server.fake._serve(self.request)


class _TcpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = False
    block_on_close = True

    def __init__(self, fake: FakeEslServer) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)
