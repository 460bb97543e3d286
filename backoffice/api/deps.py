"""FastAPI dependencies named once and reused by every router.

They are `async def` on purpose: creating a Session does no I/O, and a sync dependency would
cost a thread-pool hop on every request (the IVR API's latency budget is a few ms). The
sync endpoints that use the session still run in the thread pool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from backoffice.config import Settings


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A session per request; routers commit explicitly, anything left is rolled back."""
    with request.app.state.session_factory() as session:
        yield session


async def get_write_db(request: Request) -> AsyncIterator[Session]:
    """A session for read-modify-write work (takes SQLite's write lock up front)."""
    with request.app.state.write_session_factory() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_db)]
WriteSessionDep = Annotated[Session, Depends(get_write_db)]


def wake_dispatcher(request: Request) -> None:
    """Ask the in-process dispatcher (simulated switch) to run now rather than at its next tick."""
    loop = getattr(request.app.state, "dispatcher_loop", None)
    if loop is not None:
        loop.wake()
