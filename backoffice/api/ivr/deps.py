"""The lighter path the IVR's three hot routes (identify, PIN verify, balance) take.

Each IVR call makes these requests, so they skip what costs more than their queries:
an ORM Session (a bare Core Connection from the pool, prebuilt statements), a generator
dependency per request (a plain `with`), and FastAPI's second validation of the response
(the reply is built as its pydantic model, which validates it, then sent as JSON once;
`response_model` still documents it). bench/ivr_inprocess.py measures the difference.
"""

from __future__ import annotations

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection

from backoffice.db.engine import WRITE_OPTIONS


def read_connection(request: Request) -> Connection:
    """A pooled connection for reads: `with read_connection(request) as db: ...`."""
    return request.app.state.engine.connect()  # type: ignore[no-any-return]


def write_connection(request: Request) -> Connection:
    """A pooled connection for read-modify-write work: on SQLite its first statement takes
    the write lock (`BEGIN IMMEDIATE`), like a write session. The caller commits; leaving
    the `with` without committing rolls back."""
    connection: Connection = request.app.state.engine.connect()
    return connection.execution_options(**WRITE_OPTIONS)


def json_reply(model: BaseModel) -> Response:
    """The already validated reply, serialized once by pydantic."""
    return Response(model.model_dump_json(), media_type="application/json")
