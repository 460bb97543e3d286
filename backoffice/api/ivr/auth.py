"""Who may call `/ivr/v1`: the IVR scripts holding the service token; and the caller token
that proves a PIN was verified in this call.

Every IVR request runs these, so each is one dependency reading the settings and the token
signer straight from the app state (every level of dependency costs time per request).
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.requests import HTTPConnection
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from backoffice.api.problems import Unauthorized
from backoffice.services.caller_tokens import CallerToken, CallerTokens


def _check_token(request: HTTPConnection, token: str | None) -> None:
    expected: str = request.app.state.settings.ivr_service_token
    if token is None or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("the IVR API needs the service token as 'Authorization: Bearer ...'")


def check_service_token(request: HTTPConnection) -> None:
    """The service token check without the dependency system (api/ivr/lean_route.py)."""
    scheme, credentials = get_authorization_scheme_param(request.headers.get("authorization"))
    _check_token(request, credentials if scheme.lower() == "bearer" and credentials else None)


class _ServiceTokenBearer(HTTPBearer):
    """The bearer scheme (documented in OpenAPI) that also checks the token itself: one
    dependency instead of two."""

    async def __call__(self, request: HTTPConnection) -> None:  # type: ignore[override]
        credentials = await super().__call__(request)
        _check_token(request, None if credentials is None else credentials.credentials)


require_service_token = _ServiceTokenBearer(auto_error=False, scheme_name="IVR service token")

TokenHeader = Annotated[str | None, Header(description="token from /pin/verify")]


def _claims(request: Request, token: str) -> CallerToken:
    tokens: CallerTokens = request.app.state.caller_tokens
    claims = tokens.read(token)
    if claims is None:
        raise Unauthorized("the caller token is invalid or expired; verify the PIN again",
                           reason="caller_token")
    return claims


async def optional_caller(request: Request, x_caller_token: TokenHeader = None) -> CallerToken | None:
    return _claims(request, x_caller_token) if x_caller_token else None


async def required_caller(request: Request, x_caller_token: TokenHeader = None) -> CallerToken:
    if not x_caller_token:
        raise Unauthorized("this needs a verified caller: send X-Caller-Token from /pin/verify",
                           reason="caller_token")
    return _claims(request, x_caller_token)


OptionalCaller = Annotated[CallerToken | None, Depends(optional_caller)]
VerifiedCaller = Annotated[CallerToken, Depends(required_caller)]
