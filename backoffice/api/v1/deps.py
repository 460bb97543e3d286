"""Dependencies of the integrator API: session factories and the audit of reads.

Handlers open their session in a `with` block and leave it before returning. A session
held until the request ends (a `yield` dependency) can deadlock under load: FastAPI runs a
sync endpoint's response validation and the dependency's teardown in the same thread pool
whose workers may all be waiting for a pooled connection, while the finished requests that
hold those connections wait for a worker. Returning the connection inside the handler
breaks that cycle. For the same reason a handler never holds two connections at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from backoffice.api.v1.auth import ApiClient
from backoffice.config import Settings
from backoffice.services.audit import audit

# Dependencies that do no I/O are `async def`: FastAPI runs a sync dependency in the thread
# pool, and each such hop costs a thread hand-off on every request.


async def get_read_sessions(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory  # type: ignore[no-any-return]


async def get_write_sessions(request: Request) -> sessionmaker[Session]:
    """Sessions for changes (on SQLite the write lock is taken at BEGIN)."""
    return request.app.state.write_session_factory  # type: ignore[no-any-return]


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


ReadSessionsDep = Annotated[sessionmaker[Session], Depends(get_read_sessions)]
WriteSessionsDep = Annotated[sessionmaker[Session], Depends(get_write_sessions)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


class AccessLog:
    """Records reads of customer data in the audit log, in a short transaction of its own
    (called after the read's session is closed: never two connections at once)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def read(self, client: ApiClient, action: str, object_type: str, object_id: str | None,
             **details: Any) -> None:
        with self._sessions() as db, db.begin():
            audit(db, client.actor, action, object_type, object_id, **details)


async def get_access_log(sessions: WriteSessionsDep) -> AccessLog:
    return AccessLog(sessions)


AccessLogDep = Annotated[AccessLog, Depends(get_access_log)]
