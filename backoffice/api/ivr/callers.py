"""Remember the caller's menu language per line (identifying the caller: per_call.py)."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.deps import WriteSessionDep
from backoffice.api.ivr.schemas import LanguageIn
from backoffice.api.problems import NotFound
from backoffice.services import lines

router = APIRouter()


@router.put("/lines/{number}/language", status_code=204, summary="Remember the menu language")
def set_language(number: str, body: LanguageIn, db: WriteSessionDep) -> None:
    line = lines.find_line(db, number)
    if line is None:
        raise NotFound("no line with that number")
    line.language = body.language
    db.commit()
