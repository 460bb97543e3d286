"""The wallboard (监控大屏) for a wall screen: today's service per skill and agents by state,
live over server-sent events. Supervisors (and admins) only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.responses import Response

from backoffice.api.deps import SessionDep
from backoffice.desk import replies
from backoffice.desk.auth import SupervisorUser
from backoffice.desk.events import RECONNECT_MS
from backoffice.desk.routing import desk_router
from backoffice.desk.templating import render
from backoffice.desk.wallboard_view import POLL_S, WallboardFeed, wallboard_context

router = desk_router("/desk/wallboard")


@router.get("")
def wallboard_page(request: Request, agent: SupervisorUser) -> Response:
    with replies.fresh_session(request) as db:
        return render(request, "wallboard.html", agent=agent, page="wallboard",
                      v=wallboard_context(db, request))


@router.get("/events", response_class=EventSourceResponse)
async def wallboard_events(request: Request, agent: SupervisorUser,
                           db: SessionDep) -> AsyncIterable[ServerSentEvent]:
    db.close()  # the login check's session: give its connection back for the stream's life
    feed = WallboardFeed(request)
    yield ServerSentEvent(retry=RECONNECT_MS, comment="wallboard")
    while not feed.finished and not await request.is_disconnected():
        for event in await run_in_threadpool(feed.poll):
            yield event
        await asyncio.sleep(POLL_S)
