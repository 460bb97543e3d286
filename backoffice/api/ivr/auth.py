"""Who may call `/ivr/v1`: the IVR scripts holding the service token; and the caller token
that proves a PIN was verified in this call."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backoffice.api.deps import SettingsDep
from backoffice.api.problems import Unauthorized
from backoffice.services.caller_tokens import CallerToken, CallerTokens

_bearer = HTTPBearer(auto_error=False, scheme_name="IVR service token")


async def require_service_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    if credentials is None or not hmac.compare_digest(
            credentials.credentials.encode(), settings.ivr_service_token.encode()):
        raise Unauthorized("the IVR API needs the service token as 'Authorization: Bearer ...'")


async def caller_tokens(request: Request) -> CallerTokens:
    return request.app.state.caller_tokens  # type: ignore[no-any-return]


CallerTokensDep = Annotated[CallerTokens, Depends(caller_tokens)]


async def optional_caller(
    tokens: CallerTokensDep,
    x_caller_token: Annotated[str | None, Header(description="token from /pin/verify")] = None,
) -> CallerToken | None:
    if not x_caller_token:
        return None
    claims = tokens.read(x_caller_token)
    if claims is None:
        raise Unauthorized("the caller token is invalid or expired; verify the PIN again",
                           reason="caller_token")
    return claims


async def required_caller(caller: Annotated[CallerToken | None, Depends(optional_caller)]) -> CallerToken:
    if caller is None:
        raise Unauthorized("this needs a verified caller: send X-Caller-Token from /pin/verify",
                           reason="caller_token")
    return caller


OptionalCaller = Annotated[CallerToken | None, Depends(optional_caller)]
VerifiedCaller = Annotated[CallerToken, Depends(required_caller)]
