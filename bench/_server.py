"""Benchmark plumbing: a cached demo database and a back-office server in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "backoffice.cli"]


def bench_database(customers: int) -> str:
    """An SQLite file with `customers` demo customers, built once and reused (var/bench/)."""
    path = ROOT / "var" / "bench" / f"demo-{customers}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "CALLCENTER_DATABASE_URL": url}
        subprocess.run([*CLI, "migrate"], check=True, env=env, cwd=ROOT)
        subprocess.run([*CLI, "demo-data", "--customers", str(customers)], check=True, env=env,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(database_url: str) -> Iterator[str]:
    """One uvicorn worker serving the back office on 127.0.0.1; yields its base URL."""
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
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still draining a backlog: the figures are taken
            process.kill()
            process.wait()
