"""A path operation that FastAPI documents in full but runs without its per-request
dependency solving: for the three routes every IVR call makes (backoffice/api/ivr/per_call.py).

FastAPI's `route_class` hook (`APIRoute.get_route_handler`) is the documented way to change
how a route handles its request. Resolving parameters through the dependency system costs
more per request than those routes' queries do (bench/ivr_inprocess.py), and what they take
is always the same few things, so here they are read directly:

- the service token, checked before anything else, as the router's dependency would;
- the JSON body, parsed and validated by its pydantic model in one pass (errors become the
  same 422 problem as anywhere else, without the input values: PIN digits stay out);
- the caller token, for a parameter declared as `VerifiedCaller`;
- the `Request` itself.

An endpoint asking for anything else, or a router dependency this class does not enforce,
is refused when the app starts, so no check can be skipped silently.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from backoffice.api.ivr.auth import (
    VerifiedCaller,
    check_service_token,
    require_service_token,
    required_caller,
)
from backoffice.services.caller_tokens import CallerToken

Reader = Callable[[Request], Awaitable[Any]]


async def _request(request: Request) -> Request:
    return request


def _body_reader(model: type[BaseModel]) -> Reader:
    async def read(request: Request) -> BaseModel:
        try:
            return model.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError([
                {"loc": ("body", *error["loc"]), "msg": error["msg"], "type": error["type"]}
                for error in exc.errors(include_url=False, include_input=False)
            ]) from None
    return read


async def _verified_caller(request: Request) -> CallerToken:
    return await required_caller(request, request.headers.get("x-caller-token"))


def _reader(name: str, annotation: Any) -> Reader:
    if annotation is Request:
        return _request
    if annotation == VerifiedCaller:
        return _verified_caller
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return _body_reader(annotation)
    raise TypeError(f"LeanRoute cannot provide parameter {name!r} ({annotation!r})")


class LeanRoute(APIRoute):
    """See the module docstring."""

    ENFORCED = (require_service_token,)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        for dependency in self.dependencies:
            if dependency.dependency not in self.ENFORCED:
                raise TypeError(f"LeanRoute does not run the dependency {dependency.dependency!r}")
        if not any(d.dependency is require_service_token for d in self.dependencies):
            raise TypeError("LeanRoute serves the IVR API only: the service token must be required")
        if not inspect.iscoroutinefunction(self.endpoint):
            raise TypeError("LeanRoute endpoints are async (they run on the event loop)")
        hints = get_type_hints(self.endpoint, include_extras=True)
        hints.pop("return", None)
        readers = {name: _reader(name, _plain(annotation)) for name, annotation in hints.items()}
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            check_service_token(request)
            arguments = {name: await read(request) for name, read in readers.items()}
            response: Response = await endpoint(**arguments)
            return response

        return handler


def _plain(annotation: Any) -> Any:
    """`Annotated[X, Depends(...)]` stays whole (compared as a whole); `Annotated[X, doc]` is X."""
    if get_origin(annotation) is Annotated and annotation != VerifiedCaller:
        return get_args(annotation)[0]
    return annotation
