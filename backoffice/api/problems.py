"""RFC 9457 problem+json for every error, so a client always gets a useful message, never a traceback."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backoffice.logs import get_logger

PROBLEM_JSON = "application/problem+json"
log = get_logger(__name__)


class Problem(Exception):
    """An error with a stable type id the API turns into problem+json."""

    status = 400
    type_id = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(Problem):
    status, type_id, title = 404, "not-found", "Not found"


class Conflict(Problem):
    status, type_id, title = 409, "conflict", "Conflict"


class Unprocessable(Problem):
    status, type_id, title = 422, "unprocessable", "The request cannot be carried out"


class Forbidden(Problem):
    status, type_id, title = 403, "forbidden", "Forbidden"


class Unauthorized(Problem):
    status, type_id, title = 401, "unauthorized", "Authentication required"


def problem_response(
    status: int, type_id: str, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body = {"type": f"/problems/{type_id}", "title": title, "status": status, "detail": detail,
            "instance": instance, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.type_id, exc.title, exc.detail, request.url.path,
                                **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
             "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        where = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5])
        return problem_response(422, "validation", "Invalid request", where, request.url.path,
                                errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if 300 <= exc.status_code < 400:  # the desk's "please log in" redirect
            return Response(status_code=exc.status_code, headers=exc.headers)
        title = {404: "Not found", 405: "Method not allowed", 401: "Authentication required",
                 403: "Forbidden"}.get(exc.status_code, "Error")
        return problem_response(exc.status_code, f"http-{exc.status_code}", title,
                                str(exc.detail), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", path=request.url.path, error_type=type(exc).__name__)
        return problem_response(500, "internal", "Internal error",
                                "the server could not complete the request; it has been logged",
                                request.url.path)
