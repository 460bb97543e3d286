"""A pcap of RFC 2833 / RFC 4733 key presses for sipp's `play_pcap_audio`.

The framing is that of the files Debian's sip-tester ships
(/usr/share/sip-tester/dtmf_2833_<key>.pcap): Ethernet, IPv4, UDP, RTP payload type 101,
volume 10, seven packets 20 ms apart whose duration grows by 320, then the end packet
sent three times. Those files hold one press each, always with the same sequence number
and timestamp, so playing one twice looks to the switch like a repeat of the same event.
One file made here holds a whole sequence of presses, with sequence numbers and
timestamps that move on, so each press is a new event. Standard library only.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from pathlib import Path

EVENT_CODES = {
    **{str(d): d for d in range(10)},
    "*": 10,
    "#": 11,
    "A": 12,
    "B": 13,
    "C": 14,
    "D": 15,
}
PAYLOAD_TYPE = 101
VOLUME = 10
DURATION_STEP = 320
STEPS = 7  # packets before the end packet
END_REPEATS = 3
PACKET_GAP_US = 20_000
SAMPLES_PER_MS = 8

Packet = tuple[int, bytes]  # (microseconds since the start, RTP packet)


def key_presses(
    keys: str,
    *,
    start_ms: int = 0,
    interval_ms: int = 2000,
    ssrc: int = 0x0C0FFEE,
    first_seq: int = 1,
) -> list[Packet]:
    """RTP packets pressing `keys` one after another, `interval_ms` apart."""
    packets: list[Packet] = []
    seq = first_seq
    for index, key in enumerate(keys):
        code = EVENT_CODES[key]
        at_us = (start_ms + index * interval_ms) * 1000
        timestamp = (start_ms + index * interval_ms) * SAMPLES_PER_MS
        for step in range(STEPS):
            payload = struct.pack("!BBH", code, VOLUME, step * DURATION_STEP)
            packets.append(
                (at_us + step * PACKET_GAP_US, _rtp(step == 0, seq, timestamp, ssrc, payload))
            )
            seq += 1
        end = struct.pack("!BBH", code, 0x80 | VOLUME, STEPS * DURATION_STEP)
        for _ in range(END_REPEATS):  # the same packet again: RFC 4733 section 2.5.1.4
            packets.append((at_us + STEPS * PACKET_GAP_US, _rtp(False, seq, timestamp, ssrc, end)))
        seq += 1
    return packets


def _rtp(marker: bool, seq: int, timestamp: int, ssrc: int, payload: bytes) -> bytes:
    second = (0x80 if marker else 0) | PAYLOAD_TYPE
    return struct.pack("!BBHII", 0x80, second, seq & 0xFFFF, timestamp & 0xFFFFFFFF, ssrc) + payload


def _checksum(header: bytes) -> int:
    total: int = sum(struct.unpack(f"!{len(header) // 2}H", header))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _frame(rtp: bytes, port: int = 6000) -> bytes:
    """Ethernet + IPv4 + UDP around an RTP packet (sipp rewrites addresses and ports)."""
    udp = struct.pack("!HHHH", port, port, 8 + len(rtp), 0) + rtp
    ip = bytearray(
        struct.pack(
            "!BBHHHBBH4s4s",
            0x45,
            0,
            20 + len(udp),
            0,
            0,
            64,
            17,
            0,
            bytes([127, 0, 0, 1]),
            bytes([127, 0, 0, 1]),
        )
    )
    ip[10:12] = struct.pack("!H", _checksum(bytes(ip)))
    return bytes(6) + bytes(6) + b"\x08\x00" + bytes(ip) + udp


def write_pcap(path: Path, packets: Iterable[Packet]) -> None:
    with path.open("wb") as file:
        file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for at_us, rtp in packets:
            frame = _frame(rtp)
            file.write(
                struct.pack("<IIII", at_us // 1_000_000, at_us % 1_000_000, len(frame), len(frame))
            )
            file.write(frame)


def read_rtp(path: Path) -> list[Packet]:
    """The RTP packets of a pcap written here or shipped by sip-tester (Ethernet, IPv4, UDP)."""
    data = path.read_bytes()
    packets: list[Packet] = []
    offset = 24
    start: int | None = None
    while offset < len(data):
        seconds, micros, length, _ = struct.unpack("<IIII", data[offset : offset + 16])
        frame = data[offset + 16 : offset + 16 + length]
        offset += 16 + length
        udp = 14 + (frame[14] & 0x0F) * 4
        at_us = seconds * 1_000_000 + micros
        start = at_us if start is None else start
        packets.append((at_us - start, frame[udp + 8 :]))
    return packets
