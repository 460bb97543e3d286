"""`callcenter serve` (what `make run` and the benchmarks start) serves the app on 127.0.0.1
and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.ports import free_port
from tests.support.waiting import eventually


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def test_serve_answers_and_stops_cleanly(tmp_path: Path, sqlite_template: Path) -> None:
    database = tmp_path / "served.db"
    database.write_bytes(sqlite_template.read_bytes())
    port = free_port()
    env = {**os.environ, "CALLCENTER_DATABASE_URL": f"sqlite:///{database}",
           "CALLCENTER_RUN_DISPATCHER": "false", "CALLCENTER_RUN_BACKGROUND_JOBS": "false",
           "CALLCENTER_LOG_LEVEL": "INFO"}
    server = subprocess.Popen(
        [sys.executable, "-m", "backoffice.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        assert eventually(lambda: _answers(f"{base}/readyz"), seconds=30), "the server did not start"
        assert httpx.get(f"{base}/readyz").json() == {"status": "ok", "database": "ok"}
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    text = output.decode(errors="replace")
    # uvicorn shuts down gracefully, then re-raises the signal it caught
    assert server.returncode in (0, -signal.SIGTERM), text
    assert "Application shutdown complete" in text
    assert "Traceback" not in text
