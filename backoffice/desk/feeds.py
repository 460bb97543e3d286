"""Live feeds of the desk over server-sent events.

Each open desk polls the database (the source of truth, shared with the dispatcher and
other workers) a few times a second and sends only the parts of the page that changed,
already rendered. The agent's feed is also the desk's heartbeat: while it runs, the
agent's `desk_seen_at` stays fresh; when the browser goes away it stops, and the
dispatcher makes the agent not-ready (and re-queues a ringing call) within seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.sse import ServerSentEvent
from sqlalchemy import update

from backoffice.db.base import utcnow
from backoffice.db.models import Agent
from backoffice.desk.supervisor_routes import board_context, notices_context
from backoffice.desk.templating import render_fragment
from backoffice.desk.workspace_view import (
    call_panel_context,
    state_bar_context,
    state_signature,
)
from backoffice.desk.workspace_view import (
    notices_context as desk_notices_context,
)
from backoffice.services.desk_calls import current_call

POLL_S = 0.3  # screen pop within a second of the offer: dispatcher tick + this + render
BOARD_POLL_S = 0.5
HEARTBEAT_EVERY = timedelta(seconds=2)  # well inside the dispatcher's 10 s desk timeout


def session_expired(request: Request, now: datetime) -> bool:
    login_at = request.session.get("login_at", 0)
    return now.timestamp() - login_at > request.app.state.settings.session_max_age_s


@dataclass
class AgentFeed:
    """One agent's open desk: `poll()` returns the events to send now."""

    request: Request
    agent_id: int
    sent: dict[str, str] = field(default_factory=dict)
    last_beat: datetime = datetime.min.replace(tzinfo=UTC)
    finished: bool = False

    def poll(self) -> list[ServerSentEvent]:
        now = utcnow()
        if session_expired(self.request, now):
            return self._finish()
        events: list[ServerSentEvent] = []
        with self.request.app.state.session_factory() as db:
            agent = db.get(Agent, self.agent_id)
            if agent is None or not agent.active:
                return self._finish()
            self._add(events, "state", state_signature(agent),
                      lambda: ("_state_bar.html", state_bar_context(agent)))
            call = current_call(db, agent)
            self._add(events, "call", call.signature,
                      lambda: ("_call_panel.html",
                               call_panel_context(db, self.request, agent, call, now)))
            notices = desk_notices_context(db, now)
            self._add(events, "notices", notices["sig"], lambda: ("_notices.html", notices))
        self.beat(now)
        return events

    def _add(self, events: list[ServerSentEvent], part: str, signature: str,
             build: Callable[[], tuple[str, dict[str, Any]]]) -> None:
        """Render and queue `part` only when its signature changed since it was sent."""
        if self.sent.get(part) == signature:
            return
        template, context = build()
        events.append(ServerSentEvent(event=part,
                                      raw_data=render_fragment(self.request, template,
                                                               v=context)))
        self.sent[part] = signature

    def beat(self, now: datetime) -> None:
        """The desk is open: keep `desk_seen_at` fresh (a cheap UPDATE every 2 s)."""
        if now - self.last_beat < HEARTBEAT_EVERY:
            return
        with self.request.app.state.write_session_factory() as db, db.begin():
            db.execute(update(Agent).where(Agent.id == self.agent_id)
                       .values(desk_seen_at=now))
        self.last_beat = now

    def _finish(self) -> list[ServerSentEvent]:
        self.finished = True
        return [ServerSentEvent(event="expired", data="expired")]


@dataclass
class BoardFeed:
    """The supervisor's open live view."""

    request: Request
    sent: dict[str, str] = field(default_factory=dict)
    finished: bool = False

    def poll(self) -> list[ServerSentEvent]:
        if session_expired(self.request, utcnow()):
            self.finished = True
            return [ServerSentEvent(event="expired", data="expired")]
        events = []
        with self.request.app.state.session_factory() as db:
            for part, template, context in (
                    ("board", "_board.html", board_context(db, self.request)),
                    ("notices", "_notice_list.html", notices_context(db))):
                if self.sent.get(part) != context["sig"]:
                    events.append(ServerSentEvent(
                        event=part, raw_data=render_fragment(self.request, template, v=context)))
                    self.sent[part] = context["sig"]
        return events
