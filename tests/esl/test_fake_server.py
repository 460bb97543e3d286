"""The fake event socket speaks the wire exactly as the captured FreeSWITCH 1.10.12 did.

Each test replays the client side of a capture into the fake, over TCP, and compares what
comes back byte for byte with what the real switch sent.
"""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator

import pytest

from . import transcripts
from .fake_esl_server import FakeEslServer, json_event_frame, plain_event_frame, url_encode

CAPTURE_PASSWORD = "ClueCon"  # what the capture used; only the fake ever sees it


@pytest.fixture
def capture_fake() -> Iterator[FakeEslServer]:
    job_uuids = iter(["bf4bb6b2-c149-400b-8319-de39d1401eff"])
    with FakeEslServer(CAPTURE_PASSWORD, job_uuids=lambda: next(job_uuids)) as server:
        server.on_api("hupall", lambda cause: f"+OK hangup all channels with cause {cause}\n")
        yield server


def _open(fake: FakeEslServer) -> socket.socket:
    return socket.create_connection((fake.host, fake.port), timeout=3)


def _read(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _replay(fake: FakeEslServer, name: str, skip: tuple[str, ...] = ()) -> int:
    """Send each captured command; compare the fake's answer with the capture's. Returns the
    number of exchanges compared."""
    captured = transcripts.blocks(name)
    compared = 0
    with _open(fake) as sock:
        greeting = _read(sock, 28)
        assert greeting == b"Content-Type: auth/request\n\n"
        for sent, answer in itertools.pairwise(captured):
            if sent.from_server or not answer.from_server:
                continue
            if sent.data.startswith(b"auth ") and compared == 0 and b"wrongpassword" in sent.data:
                continue
            if sent.data.decode().startswith(skip):
                continue
            sock.sendall(sent.data)
            if sent.data == b"exit\n\n":
                assert _read_until_closed(sock) == answer.data
            else:
                assert _read(sock, len(answer.data)) == answer.data, sent.data
            compared += 1
    return compared


def test_greeting_and_wrong_password_are_framed_like_freeswitch(
    capture_fake: FakeEslServer,
) -> None:
    captured = transcripts.blocks(transcripts.AUTH_AND_PLAIN)
    greeting, wrong_auth, refusal = captured[0], captured[1], captured[2]
    assert wrong_auth.data == b"auth wrongpassword\n\n"

    with _open(capture_fake) as sock:
        assert _read(sock, len(greeting.data)) == greeting.data
        sock.sendall(wrong_auth.data)
        assert _read_until_closed(sock) == refusal.data  # -ERR invalid, notice, then closed


def test_api_bgapi_events_and_exit_replay_the_first_capture(capture_fake: FakeEslServer) -> None:
    # the originate's answer interleaves the real switch's loopback events: not replayable
    compared = _replay(
        capture_fake,
        transcripts.AUTH_AND_PLAIN,
        skip=("auth wrongpassword", "api originate"),
    )
    assert compared == 11
    assert capture_fake.command_texts("api ") == [
        "api status",
        "api no_such_command",
        "api show channels as json",
        "api hupall NORMAL_CLEARING",
    ]


def test_json_subscription_and_no_such_channel_replay_the_second_capture(
    capture_fake: FakeEslServer,
) -> None:
    compared = _replay(
        capture_fake,
        transcripts.JSON_EVENTS,
        skip=("bgapi originate", "api show channels", "api uuid_send_dtmf"),
    )
    assert compared == 4  # auth, event json ..., uuid_kill (-ERR No such channel!), exit


def test_sofia_subscription_and_empty_registrations_replay_the_third_capture(
    capture_fake: FakeEslServer,
) -> None:
    assert _replay(capture_fake, transcripts.SOFIA_REGISTRATION) == 4


@pytest.mark.parametrize("name", [transcripts.AUTH_AND_PLAIN, transcripts.SOFIA_REGISTRATION])
def test_plain_event_frames_are_byte_identical_to_the_capture(name: str) -> None:
    captured = transcripts.event_frames(name, "text/event-plain")
    assert captured
    for frame in captured:
        headers, body = transcripts.plain_event_headers(frame.body)
        assert plain_event_frame(headers, body) == frame.raw


def test_json_event_frames_are_byte_identical_to_the_capture() -> None:
    captured = transcripts.event_frames(transcripts.JSON_EVENTS, "text/event-json")
    names = []
    for frame in captured:
        headers, body = transcripts.json_event_headers(frame.body)
        names.append(dict(headers)["Event-Name"])
        assert json_event_frame(headers, body) == frame.raw
    assert {"CHANNEL_PARK", "DTMF", "BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"} <= set(names)


def test_url_encoding_matches_freeswitch_on_the_captured_values() -> None:
    assert url_encode("fd00::2") == "fd00%3A%3A2"
    assert (
        url_encode("Sun, 22 Nov 2026 01:59:59 GMT") == "Sun,%2022%20Nov%202026%2001%3A59%3A59%20GMT"
    )
    assert url_encode("local_stream://moh") == "local_stream%3A//moh"
    assert (
        url_encode('"" <sip:1001@127.0.0.1:5091>') == "%22%22%20%3Csip%3A1001%40127.0.0.1%3A5091%3E"
    )
    assert url_encode("张") == "%E5%BC%A0"


def _read_message(sock: socket.socket) -> bytes:
    """One server message: envelope up to the blank line, then Content-Length bytes."""
    data = b""
    while not data.endswith(b"\n\n"):
        data += sock.recv(1)
    envelope = dict(line.split(": ", 1) for line in data.decode().strip().split("\n"))
    return data + _read(sock, int(envelope.get("Content-Length", "0")))


def test_events_reach_only_subscribers_in_their_own_format(fake: FakeEslServer) -> None:
    with _open(fake) as plain, _open(fake) as json_listener, _open(fake) as deaf:
        for sock, subscription in (
            (plain, b"event plain CUSTOM sofia::register\n\n"),
            (json_listener, b"event json CUSTOM sofia::register\n\n"),
            (deaf, b"event plain CHANNEL_PARK\n\n"),
        ):
            assert _read_message(sock) == b"Content-Type: auth/request\n\n"
            sock.sendall(f"auth {fake.password}\n\n".encode())
            assert b"+OK accepted" in _read_message(sock)
            sock.sendall(subscription)
            assert b"+OK event listener enabled" in _read_message(sock)

        fake.register("1001")

        plain_event = _read_message(plain)
        json_event = _read_message(json_listener)
        assert plain_event.split(b"\n")[1] == b"Content-Type: text/event-plain"
        assert b"Event-Subclass: sofia%3A%3Aregister\n" in plain_event
        assert json_event.split(b"\n")[1] == b"Content-Type: text/event-json"
        assert b'"Event-Subclass":"sofia::register"' in json_event
        deaf.settimeout(0.2)
        with pytest.raises(TimeoutError):
            deaf.recv(1)
