"""LeanRoute runs no dependencies per request, so it refuses, when the app is built, any
route whose checks or parameters it would not provide itself."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, Request, Response

from backoffice.api.deps import SessionDep
from backoffice.api.ivr.auth import require_service_token
from backoffice.api.ivr.lean_route import LeanRoute
from backoffice.api.ivr.schemas import IdentifyIn


def _router(**kwargs: object) -> APIRouter:
    kwargs.setdefault("dependencies", [Depends(require_service_token)])
    return APIRouter(route_class=LeanRoute, **kwargs)  # type: ignore[arg-type]


def test_the_supported_parameters_are_accepted() -> None:
    router = _router()

    @router.post("/ok")
    async def ok(body: IdentifyIn, request: Request) -> Response:
        return Response()

    assert [route.path for route in router.routes] == ["/ok"]  # type: ignore[attr-defined]


def test_a_parameter_it_would_not_provide_is_refused() -> None:
    router = _router()
    with pytest.raises(TypeError, match="cannot provide parameter 'db'"):
        @router.get("/db")
        async def needs_a_session(db: SessionDep) -> Response:
            return Response()


def test_a_route_without_the_service_token_is_refused() -> None:
    router = _router(dependencies=[])
    with pytest.raises(TypeError, match="service token"):
        @router.get("/open")
        async def open_route(request: Request) -> Response:
            return Response()


def test_a_dependency_it_would_not_run_is_refused() -> None:
    async def other_check() -> None: ...

    router = _router(dependencies=[Depends(require_service_token), Depends(other_check)])
    with pytest.raises(TypeError, match="does not run the dependency"):
        @router.get("/checked")
        async def checked(request: Request) -> Response:
            return Response()


def test_a_sync_endpoint_is_refused() -> None:
    router = _router()
    with pytest.raises(TypeError, match="async"):
        @router.get("/sync")
        def blocking(request: Request) -> Response:
            return Response()
