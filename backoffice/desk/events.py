"""Server-sent event streams: one per open agent desk, one per supervisor live view."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent

from backoffice.api.deps import SessionDep
from backoffice.desk.auth import AgentUser, SupervisorUser
from backoffice.desk.feeds import BOARD_POLL_S, POLL_S, AgentFeed, BoardFeed
from backoffice.desk.routing import desk_router

router = desk_router()
RECONNECT_MS = 1000


@router.get("/events", response_class=EventSourceResponse)
async def agent_events(request: Request, agent: AgentUser,
                       db: SessionDep) -> AsyncIterable[ServerSentEvent]:
    """The workspace's live feed and heartbeat. Stops when the browser goes away."""
    db.close()  # the login check's session: give its connection back for the stream's life
    feed = AgentFeed(request, agent.id)
    yield ServerSentEvent(retry=RECONNECT_MS, comment="desk")
    while not feed.finished and not await request.is_disconnected():
        for event in await run_in_threadpool(feed.poll):
            yield event
        await asyncio.sleep(POLL_S)


@router.get("/supervisor/events", response_class=EventSourceResponse)
async def board_events(request: Request, agent: SupervisorUser,
                       db: SessionDep) -> AsyncIterable[ServerSentEvent]:
    db.close()
    feed = BoardFeed(request)
    yield ServerSentEvent(retry=RECONNECT_MS, comment="board")
    while not feed.finished and not await request.is_disconnected():
        for event in await run_in_threadpool(feed.poll):
            yield event
        await asyncio.sleep(BOARD_POLL_S)
