"""Just enough of the event socket to ask a running FreeSWITCH questions (`api <command>`).

For the live check only; the ACD's listener is `backoffice.esl`. It takes the password
as an argument, never from the command line, so it does not show in `ps`. Standard
library only: it runs with the system's python3.
"""

from __future__ import annotations

import socket
from typing import BinaryIO, Self


class EslError(Exception):
    """The switch refused us or broke the conversation."""


def read_frame(stream: BinaryIO) -> tuple[dict[str, str], str]:
    """One frame: its headers, and its body when it has a Content-Length."""
    headers: dict[str, str] = {}
    while True:
        line = stream.readline()
        if not line:
            raise EslError("the switch closed the connection")
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if not text:
            if headers:
                break
            continue
        name, _, value = text.partition(":")
        headers[name.strip()] = value.strip()
    length = int(headers.get("Content-Length", "0"))
    body = stream.read(length).decode("utf-8", "replace") if length else ""
    return headers, body


class EslApi:
    """`with EslApi(host, port, password) as esl: esl.api("status")`."""

    def __init__(self, host: str, port: int, password: str, timeout_s: float = 10.0) -> None:
        self._address = (host, port)
        self._password = password
        self._timeout_s = timeout_s
        self._socket: socket.socket | None = None
        self._stream: BinaryIO | None = None

    def __enter__(self) -> Self:
        self._socket = socket.create_connection(self._address, timeout=self._timeout_s)
        self._stream = self._socket.makefile("rb")
        try:
            self._authenticate(self._stream)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _authenticate(self, stream: BinaryIO) -> None:
        headers, _ = read_frame(stream)
        if headers.get("Content-Type") != "auth/request":
            raise EslError("no auth/request from the switch")
        self._send(f"auth {self._password}")
        headers, _ = read_frame(stream)
        if not headers.get("Reply-Text", "").startswith("+OK"):
            raise EslError("the event socket refused the password")

    def __exit__(self, *exc_info: object) -> None:
        if self._stream is not None:
            self._stream.close()
        if self._socket is not None:
            self._socket.close()

    def api(self, command: str) -> str:
        if "\n" in command or "\r" in command:
            raise ValueError("one command, one line")
        self._send(f"api {command}")
        assert self._stream is not None
        while True:
            headers, body = read_frame(self._stream)
            if headers.get("Content-Type") == "api/response":
                return body
            if headers.get("Content-Type") == "text/disconnect-notice":
                raise EslError("the switch disconnected")

    def _send(self, line: str) -> None:
        assert self._socket is not None
        self._socket.sendall(line.encode("utf-8") + b"\n\n")
