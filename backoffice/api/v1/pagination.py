"""Cursor pagination: `limit` + an opaque `cursor`; pages never repeat or skip a row.

Lists are ordered by id (oldest or newest first, fixed per resource) and the cursor is the
last id served, so rows added while a client walks the pages do not shift what it sees.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from backoffice.api.v1.errors import InvalidCursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
_CURSOR_TAG = "id:"
_CURSOR_SHAPE = r"^[A-Za-z0-9_-]{1,64}$"

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None


async def page_request(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page (1-200)")]
    = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(
        pattern=_CURSOR_SHAPE, description="`next_cursor` of the previous page, unchanged",
        examples=["aWQ6MTIz"])] = None,
) -> PageRequest:
    return PageRequest(limit, cursor)


PageDep = Annotated[PageRequest, Depends(page_request)]


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_TAG}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    digits = text.removeprefix(_CURSOR_TAG)
    if not text.startswith(_CURSOR_TAG) or not re.fullmatch(r"[0-9]{1,10}", digits) \
            or int(digits) > MAX_ID:
        raise InvalidCursor("the cursor is not valid: pass the `next_cursor` of a previous "
                            "page unchanged, or leave it out for the first page")
    return int(digits)


def fetch_page(
    db: Session, stmt: Select[tuple[T]], key: InstrumentedAttribute[int], page: PageRequest,
    newest_first: bool = False,
) -> tuple[Sequence[T], str | None]:
    """One page of ``stmt`` (a select of one ORM entity) and the cursor of the next, if any."""
    if page.cursor is not None:
        after = decode_cursor(page.cursor)
        stmt = stmt.where(key < after if newest_first else key > after)
    stmt = stmt.order_by(key.desc() if newest_first else key.asc()).limit(page.limit + 1)
    rows = db.scalars(stmt).all()
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[:page.limit]
    last: Any = rows[-1]
    return rows, encode_cursor(int(last.id))
