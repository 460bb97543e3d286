"""A private PostgreSQL server for the test session: initdb in a temp dir, a free port on 127.0.0.1.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port

INSTALL_HINT = "install PostgreSQL's server (Debian: apt-get install postgresql), or run `make test`"


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresUnavailable(f"no PostgreSQL server binaries found: {INSTALL_HINT}")


@dataclass
class PostgresServer:
    datadir: Path
    port: int
    bindir: Path
    as_user: str | None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate",
                      "stop")
        finally:
            shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_postgres() -> PostgresServer:
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="callcenter-pg-"))
    datadir = root / "data"
    as_user = "postgres" if os.geteuid() == 0 else None
    if as_user:
        shutil.chown(root, user=as_user)
    server = PostgresServer(datadir, free_port(), bindir, as_user)
    try:
        server._run(str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-c listen_addresses=127.0.0.1 -c port={server.port} "
                   f"-c unix_socket_directories={root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        server._run(str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options,
                    "-l", str(root / "server.log"), "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as exc:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr}\n{log}") from exc
    return server
