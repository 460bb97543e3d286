"""Identify the caller from the caller ID; remember the caller's menu language per line."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backoffice.api.deps import WriteSessionDep
from backoffice.api.ivr.deps import json_reply, read_connection
from backoffice.api.ivr.schemas import CallerOut, IdentifyIn, LanguageIn
from backoffice.api.problems import NotFound
from backoffice.services import lines

router = APIRouter()


@router.post("/identify", response_model=CallerOut, summary="Who is calling")
async def identify(body: IdentifyIn, request: Request) -> Response:
    # One query on a bare connection (see api/ivr/deps.py: this runs on every call).
    with read_connection(request) as db:
        info = lines.identify(db, body.caller_number, request.app.state.settings.today())
    return json_reply(CallerOut(
        number=info.number, line_id=None if info.line_id is None else str(info.line_id),
        customer_name=info.customer_name, language=info.language,  # type: ignore[arg-type]
        vip_level=info.vip_level, in_arrears=info.in_arrears,
        suspension=info.suspension,  # type: ignore[arg-type]
        area=info.area, open_tickets=info.open_tickets, pin_set=info.pin_set,
        blacklisted=info.blacklisted,
    ))


@router.put("/lines/{number}/language", status_code=204, summary="Remember the menu language")
def set_language(number: str, body: LanguageIn, db: WriteSessionDep) -> None:
    line = lines.find_line(db, number)
    if line is None:
        raise NotFound("no line with that number")
    line.language = body.language
    db.commit()
