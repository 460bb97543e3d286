"""Friendly refusals on the desk: a wrong role, an expired form or a call that is no longer
yours gets an HTML page (or, for the desk's own fetch requests, an HTML message) in the
user's language, never the API's problem+json."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

from backoffice.desk.templating import render

FETCH_HEADER = "x-desk-fetch"


class DeskRefusal(HTTPException):
    """Refuse a desk request with status `status_code` and a translated message `code`.

    A subclass of HTTPException, so outside the desk's routes it still becomes a plain
    HTTP error with the right status.
    """

    def __init__(self, status_code: int, code: str) -> None:
        super().__init__(status_code=status_code, detail=code)
        self.code = code


def is_fetch(request: Request) -> bool:
    return request.headers.get(FETCH_HEADER) == "1"


def refusal_response(request: Request, status_code: int, code: str) -> Response:
    template = "_message.html" if is_fetch(request) else "error.html"
    return render(request, template, status_code=status_code, message=code, ok=False)


class DeskRoute(APIRoute):
    """Route class of the desk's routers: turns refusals raised anywhere in the request
    (dependencies included) into the friendly page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def desk_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except DeskRefusal as refusal:
                return refusal_response(request, refusal.status_code, refusal.code)
            except RequestValidationError:
                return refusal_response(request, 422, "bad_request")

        return desk_handler
