"""The three requests of every IVR call: who is calling, the PIN check, the balance.

They run on the event loop as `LeanRoute`s (api/ivr/lean_route.py: no dependency solving
per request) over a DBAPI-level connection (backoffice/db/direct.py: no SQLAlchemy engine
per statement), and send their reply serialized once. bench/ivr_api.py and
bench/ivr_inprocess.py measure them; the other IVR routes are ordinary FastAPI routes.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from backoffice.api.ivr.auth import VerifiedCaller, require_service_token
from backoffice.api.ivr.lean_route import LeanRoute
from backoffice.api.ivr.schemas import BalanceOut, CallerOut, IdentifyIn, PinOut, VerifyPinIn
from backoffice.api.problems import NotFound
from backoffice.db.base import utcnow
from backoffice.db.direct import direct_read, direct_write
from backoffice.services import billing_queries, calls, lines, pins

router = APIRouter(prefix="/ivr/v1", tags=["ivr"], route_class=LeanRoute,
                   dependencies=[Depends(require_service_token)])
ACTOR = "ivr"


def json_reply(model: BaseModel) -> Response:
    """The reply, validated as it was built, serialized once (`response_model` documents it;
    FastAPI would validate it a second time)."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.post("/identify", response_model=CallerOut, summary="Who is calling")
async def identify(body: IdentifyIn, request: Request) -> Response:
    with direct_read(request.app.state.engine) as db:
        info = lines.identify(db, body.caller_number, request.app.state.settings.today())
    return json_reply(CallerOut(
        number=info.number, line_id=None if info.line_id is None else str(info.line_id),
        customer_name=info.customer_name, language=info.language,  # type: ignore[arg-type]
        vip_level=info.vip_level, in_arrears=info.in_arrears,
        suspension=info.suspension,  # type: ignore[arg-type]
        area=info.area, open_tickets=info.open_tickets, pin_set=info.pin_set,
        blacklisted=info.blacklisted,
    ))


@router.post("/pin/verify", response_model=PinOut, summary="Check a line's 6-digit PIN")
async def verify(body: VerifyPinIn, request: Request) -> Response:
    """Two tries per call are the IVR's rule; failures across calls lock the PIN. An unknown
    number answers `wrong`, so numbers cannot be probed."""
    # One write transaction: the line, the check, the failure count, the audit row and the
    # call's row commit together.
    state = request.app.state
    settings = state.settings
    token = None
    with direct_write(state.engine) as db:
        line = lines.find_pin_line(db, body.number)
        check = pins.verify(db, line, body.pin, settings.pin_key_bytes, settings.pin_policy,
                            utcnow(), ACTOR)
        if check.status == "ok" and line is not None:
            calls.mark_verified(db, body.call_id, line.id, line.number, line.customer_id)
            token = state.caller_tokens.issue(body.call_id, line.id)
    return json_reply(PinOut(status=check.status, tries_left=check.tries_left,  # type: ignore[arg-type]
                             token=token))


@router.get("/balance", response_model=BalanceOut, summary="Real-time balance of the verified line")
async def balance(caller: VerifiedCaller, request: Request) -> Response:
    with direct_read(request.app.state.engine) as db:
        fen = billing_queries.balance_of_line(db, caller.line_id)
    if fen is None:
        raise NotFound("the verified line no longer exists")
    return json_reply(BalanceOut(balance_fen=fen))
