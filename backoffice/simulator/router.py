"""`/simulator/`: the browser phone — a keypad page and the small JSON API behind it.

    GET  /simulator/                              the page
    POST /simulator/calls                         dial in -> {"call_id", ...}     (201)
    GET  /simulator/calls/{id}/events?after=N     long poll: events after N
    POST /simulator/calls/{id}/keys               {"keys": "135790#"}              (202)
    POST /simulator/calls/{id}/hangup             the caller hangs up              (204)
    GET  /simulator/sounds/{lang}/{id}.wav        a prompt WAV (catalogue ids only)

Long polling rather than server-sent events: one plain JSON request per batch of events,
easy to test, and each poll is the page's heartbeat (a call nobody polls is hung up).
The engine reaches the back office over HTTP at the address this request arrived on
(the server's own socket, never the Host header), with the IVR service token.
Errors are problem+json; nothing here exists when `env` is `prod`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from backoffice.api.deps import SettingsDep
from backoffice.api.problems import Conflict, NotFound, Problem
from backoffice.config import Settings
from backoffice.demo.reference import DEMO_PIN, SHOWCASE
from backoffice.desk.templating import render
from backoffice.simulator.browser_channel import CallOver
from backoffice.simulator.keys import KEYS_PATTERN
from backoffice.simulator.prompt_media import sound_file
from backoffice.simulator.registry import CallRegistry, SimulatedCall, TooManyCalls
from backoffice.simulator.texts import page_texts
from fs_scripts.client import HttpBackOffice

DEFAULT_CALLER = SHOWCASE[0].number
MAX_POLL_WAIT_S = 25.0
_registry_lock = threading.Lock()


async def _not_in_production(settings: SettingsDep) -> None:
    if settings.env == "prod":
        raise NotFound("the IVR simulator is not available in production")


router = APIRouter(prefix="/simulator", tags=["simulator"], include_in_schema=False,
                   dependencies=[Depends(_not_in_production)])


class TooBusy(Problem):
    status, type_id, title = 429, "too-many-calls", "Too many simulated calls"


class StartCall(BaseModel):
    caller_number: str = Field(DEFAULT_CALLER, pattern=r"^[0-9]{0,20}$",
                               description="caller ID as delivered; empty when withheld")
    language: Literal["zh", "en"] = "zh"


class StartedCall(BaseModel):
    call_id: str
    caller_number: str
    events_url: str
    keys_url: str
    hangup_url: str


class Keys(BaseModel):
    keys: str = Field(min_length=1, max_length=32, pattern=KEYS_PATTERN)


def registry_of(app: FastAPI) -> CallRegistry:
    """The app's simulated calls (made on first use: the app factory needs no wiring)."""
    with _registry_lock:
        registry: CallRegistry | None = getattr(app.state, "simulator_calls", None)
        if registry is None:
            registry = CallRegistry()
            app.state.simulator_calls = registry
        return registry


@router.get("/")
def page(request: Request) -> Response:
    return render(request, "simulator.html", s=page_texts(request.session.get("lang", "zh")),
                  showcase=SHOWCASE, default_caller=DEFAULT_CALLER, demo_pin=DEMO_PIN)


@router.post("/calls", status_code=201, response_model=StartedCall)
def start_call(body: StartCall, request: Request, settings: SettingsDep) -> StartedCall:
    base_url, token = own_base_url(request, settings), settings.ivr_service_token
    try:
        call = registry_of(request.app).start(
            body.caller_number, body.language, lambda: HttpBackOffice(base_url, token))
    except TooManyCalls:
        raise TooBusy("the simulator is carrying its maximum of calls; hang one up") from None
    prefix = f"/simulator/calls/{call.call_id}"
    return StartedCall(call_id=call.call_id, caller_number=call.caller_number,
                       events_url=f"{prefix}/events", keys_url=f"{prefix}/keys",
                       hangup_url=f"{prefix}/hangup")


@router.get("/calls/{call_id}/events")
async def events(
    call_id: str,
    request: Request,
    after: int = Query(0, ge=0, description="the last seq already seen"),
    wait: float = Query(15.0, ge=0, le=MAX_POLL_WAIT_S, description="seconds to wait"),
) -> dict[str, Any]:
    """Events after `after`, waiting up to `wait` s; `ended` once nothing more will come."""
    call = _call(request, call_id)
    await _wait_unless_gone(request, call, after, wait)
    ended = call.events.closed  # read before the batch, so an ended batch is complete
    batch = call.events.after(after)
    _call(request, call_id)  # the poll is the page's heartbeat, at its end too
    return {"events": batch, "next": batch[-1]["seq"] if batch else after, "ended": ended}


@router.post("/calls/{call_id}/keys", status_code=202)
def press_keys(call_id: str, body: Keys, request: Request) -> dict[str, int]:
    try:
        _call(request, call_id).channel.press(body.keys)
    except CallOver:
        raise Conflict("the call has left the IVR") from None
    return {"accepted": len(body.keys)}


@router.post("/calls/{call_id}/hangup", status_code=204)
def hang_up(call_id: str, request: Request) -> Response:
    _call(request, call_id).channel.caller_hangs_up()
    return Response(status_code=204)


@router.get("/sounds/{lang}/{relative:path}")
def sound(lang: str, relative: str) -> FileResponse:
    path = sound_file(lang, relative)
    if path is None:
        raise NotFound("no such prompt")
    return FileResponse(path, media_type="audio/wav",
                        headers={"Cache-Control": "public, max-age=3600"})


def own_base_url(request: Request, settings: Settings) -> str:
    """This server as its own socket sees it (so the service token never follows a Host
    header elsewhere); the configured address when the server does not say."""
    server = request.scope.get("server")
    host, port = server if server and server[1] else (settings.host, settings.port)
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    scheme = "https" if request.scope.get("scheme") == "https" else "http"
    return f"{scheme}://{host}:{port}"


def _call(request: Request, call_id: str) -> SimulatedCall:
    call = registry_of(request.app).get(call_id)
    if call is None:
        raise NotFound("no such simulated call (it may have ended a while ago)")
    return call


async def _wait_unless_gone(request: Request, call: SimulatedCall, after: int,
                            wait: float) -> None:
    """Wait for events, but stop as soon as the page closes the connection."""
    waiting = asyncio.ensure_future(call.events.wait_after(after, wait))
    gone = asyncio.ensure_future(_disconnected(request))
    _, pending = await asyncio.wait({waiting, gone}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


async def _disconnected(request: Request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass
