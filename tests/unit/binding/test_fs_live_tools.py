"""The live check's tools (freeswitch/live/): key-press pcaps, the event-socket client, and
the sipp scenario driven by the real sipp against a tiny SIP answering machine."""

from __future__ import annotations

import argparse
import importlib
import json
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.esl.fake_esl_server import FakeChannel, FakeEslServer
from tests.unit.binding.support import FREESWITCH_DIR

LIVE = FREESWITCH_DIR / "live"
DEBIAN_PCAPS = Path("/usr/share/sip-tester")
PASSWORD = "live-check-test-password"


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, ModuleType]]:
    """The live modules imported as check_live.py imports them (side by side)."""
    monkeypatch.syspath_prepend(str(LIVE))
    names = ("dtmf_pcap", "esl_client", "check_live")
    for name in names:
        monkeypatch.delitem(sys.modules, name, raising=False)
    yield {name: importlib.import_module(name) for name in names}
    for name in names:
        sys.modules.pop(name, None)


def events(packets: list[tuple[int, bytes]]) -> list[tuple[bool, int, bytes]]:
    """(marker, payload type, payload) of each RTP packet."""
    return [(bool(rtp[1] & 0x80), rtp[1] & 0x7F, rtp[12:]) for _, rtp in packets]


# --- key presses -------------------------------------------------------------------------------


def test_each_press_is_a_new_event_with_moving_sequence_and_timestamp(
    live: dict[str, ModuleType], tmp_path: Path
) -> None:
    pcap = live["dtmf_pcap"]
    path = tmp_path / "keys.pcap"

    pcap.write_pcap(path, pcap.key_presses("0#", start_ms=1000, interval_ms=2000))
    packets = pcap.read_rtp(path)

    assert len(packets) == 2 * (7 + 3)
    codes = [rtp[12] for _, rtp in packets]
    assert codes == [0] * 10 + [11] * 10
    first, second = packets[0][1], packets[10][1]
    assert struct.unpack("!H", second[2:4])[0] > struct.unpack("!H", first[2:4])[0]
    assert struct.unpack("!I", second[4:8])[0] - struct.unpack("!I", first[4:8])[0] == 2000 * 8
    assert packets[10][0] - packets[0][0] == 2_000_000
    ends = [rtp for _, rtp in packets if rtp[13] & 0x80]
    assert len(ends) == 6 and len({e[2:4] for e in ends[:3]}) == 1  # one end packet, sent thrice


@pytest.mark.parametrize(("key", "name"), [("0", "0"), ("5", "5"), ("#", "pound"), ("*", "star")])
def test_a_press_is_framed_like_the_pcaps_sip_tester_ships(
    live: dict[str, ModuleType], tmp_path: Path, key: str, name: str
) -> None:
    pcap = live["dtmf_pcap"]
    path = tmp_path / "mine.pcap"
    pcap.write_pcap(path, pcap.key_presses(key))

    assert events(pcap.read_rtp(path)) == events(
        pcap.read_rtp(DEBIAN_PCAPS / f"dtmf_2833_{name}.pcap")
    )


# --- event socket --------------------------------------------------------------------------------


def test_the_client_authenticates_and_runs_api_commands(live: dict[str, ModuleType]) -> None:
    with FakeEslServer(PASSWORD) as server:
        server.add_channel(
            FakeChannel(
                "0a1b2c3d-0000-4000-8000-000000000001",
                "13800000000",
                variables={"callcenter_queue_skill": "billing"},
            )
        )
        with live["esl_client"].EslApi(server.host, server.port, PASSWORD) as esl:
            status = esl.api("status")
            channels = esl.api("show channels as json")
            skill = esl.api(
                "uuid_getvar 0a1b2c3d-0000-4000-8000-000000000001 callcenter_queue_skill"
            )

    assert "is ready" in status
    assert (
        live["check_live"].find_channel(channels, "13800000000")
        == "0a1b2c3d-0000-4000-8000-000000000001"
    )
    assert skill == "billing"


def test_a_wrong_password_is_reported_as_refused(live: dict[str, ModuleType]) -> None:
    client = live["esl_client"]
    with (
        FakeEslServer(PASSWORD) as server,
        pytest.raises(client.EslError, match="refused"),
        client.EslApi(server.host, server.port, "wrong-password"),
    ):
        pass


def test_no_channel_of_the_caller_means_none(live: dict[str, ModuleType]) -> None:
    find = live["check_live"].find_channel

    assert find('{"row_count": 0}\n', "13800000000") is None
    assert find(json.dumps({"row_count": 1, "rows": [{"uuid": "u", "cid_num": "1"}]}), "2") is None


# --- sipp plays the scenario ------------------------------------------------------------------------


class AnsweringMachine:
    """Answers one INVITE with 200 OK and SDP, records the RTP it receives, sends BYE."""

    def __init__(self) -> None:
        self.sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sip.bind(("127.0.0.1", 0))
        self.rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.rtp.bind(("127.0.0.1", 0))
        self.sip.settimeout(0.2)
        self.rtp.settimeout(0.2)
        self.port = self.sip.getsockname()[1]
        self.rtp_port = self.rtp.getsockname()[1]
        self.invite: dict[str, str] = {}
        self.peer: tuple[str, int] | None = None
        self.received: list[bytes] = []

    def close(self) -> None:
        self.sip.close()
        self.rtp.close()

    def receive(self, deadline: float) -> tuple[str, dict[str, str]]:
        while time.monotonic() < deadline:
            try:
                data, peer = self.sip.recvfrom(65535)
            except TimeoutError:
                continue
            text = data.decode()
            head = text.split("\r\n\r\n", 1)[0].split("\r\n")
            headers = {
                line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip()
                for line in head[1:]
                if ":" in line
            }
            self.peer = peer
            return head[0], headers
        raise AssertionError("no SIP message in time")

    def answer(self, deadline: float) -> None:
        first, headers = self.receive(deadline)
        assert first.startswith("INVITE sip:10000@")
        self.invite = headers
        sdp = (
            f"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            f"m=audio {self.rtp_port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
            f"a=rtpmap:101 telephone-event/8000\r\n"
        )
        self._send(
            "SIP/2.0 200 OK",
            [
                f"Via: {headers['via']}",
                f"From: {headers['from']}",
                f"To: {headers['to']};tag=uas1",
                f"Call-ID: {headers['call-id']}",
                f"CSeq: {headers['cseq']}",
                f"Contact: <sip:10000@127.0.0.1:{self.port}>",
                "Content-Type: application/sdp",
            ],
            sdp,
        )
        first, _ = self.receive(deadline)
        assert first.startswith("ACK ")

    def listen(self, packets: int, deadline: float) -> None:
        while len(self.received) < packets and time.monotonic() < deadline:
            try:
                self.received.append(self.rtp.recv(2048))
            except TimeoutError:
                continue

    def hang_up(self, deadline: float) -> str:
        caller = re.search(r"<(sip:[^>]+)>", self.invite["contact"])
        assert caller
        self._send(
            f"BYE {caller.group(1)} SIP/2.0",
            [
                f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch=z9hG4bK-bye-1",
                f"From: {self.invite['to']};tag=uas1",
                f"To: {self.invite['from']}",
                f"Call-ID: {self.invite['call-id']}",
                "CSeq: 2 BYE",
                "Max-Forwards: 70",
            ],
        )
        first, _ = self.receive(deadline)
        return first

    def _send(self, first: str, headers: list[str], body: str = "") -> None:
        assert self.peer is not None
        message = "\r\n".join([first, *headers, f"Content-Length: {len(body)}", "", body])
        self.sip.sendto(message.encode(), self.peer)


def test_sipp_calls_presses_keys_over_rtp_and_hangs_up_cleanly(
    live: dict[str, ModuleType], tmp_path: Path
) -> None:
    machine = AnsweringMachine()
    args = argparse.Namespace(
        sip_port=machine.port, number="10000", caller="13800000000", timeout=4.0
    )
    deadline = time.monotonic() + 30
    sipp = live["check_live"].start_sipp(args, tmp_path)
    try:
        machine.answer(deadline)
        machine.listen(2 * 10, deadline)
        reply = machine.hang_up(deadline)
        status = sipp.wait(timeout=30)
    finally:
        if sipp.poll() is None:
            sipp.kill()
            sipp.wait()
        machine.close()

    assert reply.startswith("SIP/2.0 200")
    assert status == 0, (tmp_path / "sipp.out").read_text(errors="replace")[-2000:]
    assert [(p[1] & 0x7F, p[12]) for p in machine.received] == [(101, 0)] * 20
    caller_line = machine.invite["from"]
    assert "13800000000@" in caller_line


@pytest.mark.parametrize(
    ("outcome", "expect", "passes"), [("agent", "agent", True), ("fallback", "agent", False)]
)
def test_the_live_check_follows_the_call_from_the_socket_to_the_queue(
    live: dict[str, ModuleType], tmp_path: Path, outcome: str, expect: str, passes: bool
) -> None:
    """The switch is played by the fake event socket and the answering machine together."""
    machine = AnsweringMachine()
    killed = threading.Event()
    uuid = "7d3f0c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6"
    deadline = time.monotonic() + 40

    def kill(arguments: str) -> str:
        killed.set()
        return "+OK\n"

    def switch(server: FakeEslServer) -> None:
        machine.answer(deadline)
        server.add_channel(
            FakeChannel(
                uuid,
                "13800000000",
                variables={"callcenter_queue_skill": "general", "callcenter_ivr_outcome": outcome},
            )
        )
        killed.wait(timeout=30)
        machine.hang_up(deadline)

    args = argparse.Namespace(
        esl_port=0,
        sip_port=machine.port,
        number="10000",
        caller="13800000000",
        expect=expect,
        timeout=6.0,
    )
    with FakeEslServer(PASSWORD) as server:
        server.on_api("module_exists", lambda arguments: "true")
        server.on_api("python", lambda arguments: "sounds: ok\ncallcenter_ivr: ok\n")
        server.on_api("uuid_kill", kill)
        args.esl_port = server.port
        thread = threading.Thread(target=switch, args=(server,), daemon=True)
        thread.start()
        try:
            failures = live["check_live"].check(args, PASSWORD, tmp_path)
        finally:
            killed.set()
            thread.join(timeout=30)
            machine.close()

    assert (failures == []) is passes, failures
    assert passes or failures == ["IVR outcome fallback, expected agent"]
