"""Benchmark plumbing: a cached demo database and a back-office server in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "backoffice.cli"]


def bench_database(customers: int) -> str:
    """An SQLite file with `customers` demo customers, built once and reused (var/bench/)."""
    path = ROOT / "var" / "bench" / f"demo-{customers}.db"
    url = f"sqlite:///{path}"
    fresh = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CALLCENTER_DATABASE_URL": url}
    # Always: a database cached before a new migration gets it (quick when up to date).
    subprocess.run([*CLI, "migrate"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    if fresh:
        subprocess.run([*CLI, "demo-data", "--customers", str(customers)], check=True, env=env,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far, from /proc."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(database_url: str) -> Iterator[Server]:
    """One uvicorn worker serving the back office on 127.0.0.1."""
    port = free_port()
    env = {**os.environ, "CALLCENTER_DATABASE_URL": database_url, "CALLCENTER_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the back office did not start")
            time.sleep(0.1)
        yield Server(base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still draining a backlog: the figures are taken
            process.kill()
            process.wait()
