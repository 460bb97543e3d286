"""Who is calling: the API key in `Authorization: Bearer <key>`, and the scope each route needs.

Every route of `/api/v1` takes one of the ``Scoped`` dependencies below, so a route cannot
exist without naming its scope; ``required_scope`` on the dependency lets the OpenAPI
document (and the tests) read it back.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError

from backoffice.api.v1.errors import InsufficientScope, InvalidApiKey, MissingApiKey
from backoffice.db.base import utcnow
from backoffice.logs import get_logger
from backoffice.security.api_keys import (
    TOUCH_EVERY,
    Scope,
    VerifiedApiKey,
    needs_touch,
    touch_api_key,
    verify_api_key,
)

API_PREFIX = "/api/v1"
ACTOR_MAX_CHARS = 64
log = get_logger(__name__)

bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", bearerFormat="cc_<prefix>_<secret>",
    description="An integrator API key (`callcenter create-api-key`), sent as "
                "`Authorization: Bearer <key>`. Each operation needs one scope, named in its "
                "description and in `x-required-scope`.",
)


@dataclass(frozen=True)
class ApiClient:
    """The integrator behind a request."""

    key_id: int
    name: str
    scopes: frozenset[str]

    @property
    def actor(self) -> str:
        """How the audit log and payments name this integrator."""
        return f"api:{self.name}"[:ACTOR_MAX_CHARS]

    @property
    def owner(self) -> str:
        """The namespace of this key's idempotency keys."""
        return f"api_key:{self.key_id}"


class _TouchThrottle:
    """Remembers when each key's last_used_at was written, so a burst costs one write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[int, float] = {}

    def due(self, key_id: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key_id, -1e9) < TOUCH_EVERY.total_seconds():
                return False
            self._last[key_id] = now
            return True


_throttle_lock = threading.Lock()


def _throttle(request: Request) -> _TouchThrottle:
    state = request.app.state
    with _throttle_lock:
        if not hasattr(state, "api_key_touches"):
            state.api_key_touches = _TouchThrottle()
        return state.api_key_touches  # type: ignore[no-any-return]


def _authenticate(request: Request, presented: str) -> VerifiedApiKey:
    with request.app.state.session_factory() as db:
        key = verify_api_key(db, presented)
    if key is None:
        raise InvalidApiKey("the API key is not valid, or it has been revoked")
    now = utcnow()
    if needs_touch(key, now) and _throttle(request).due(key.id):
        try:
            with request.app.state.write_session_factory() as db, db.begin():
                touch_api_key(db, key.id, now)
        except SQLAlchemyError:  # bookkeeping only: never refuse a good key over it
            log.warning("could not record API key use", key_prefix=key.prefix)
    return key


def _route_label(request: Request) -> str:
    """"GET /api/v1/accounts/{account_id}": the route template, as the docs name it."""
    path = getattr(request.scope.get("route"), "path", None)
    if path is None:
        path = request.url.path
    elif not path.startswith(API_PREFIX):  # FastAPI keeps included routes unprefixed
        path = API_PREFIX + path
    return f"{request.method} {path}"


def requires(scope: Scope) -> Any:
    """A dependency giving the request's ``ApiClient``, refusing keys without ``scope``."""

    def authorize(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> ApiClient:
        if credentials is None:
            raise MissingApiKey("send an API key in the header 'Authorization: Bearer <key>'")
        key = _authenticate(request, credentials.credentials)
        if scope.value not in key.scopes:
            raise InsufficientScope(
                f"this API key lacks the scope '{scope.value}' that {_route_label(request)} "
                "needs; use a key created with that scope", required_scope=scope.value)
        return ApiClient(key.id, key.name, key.scopes)

    authorize.required_scope = scope.value  # type: ignore[attr-defined]
    authorize.__name__ = f"requires_{scope.name.lower()}"
    return Depends(authorize)


ReadCustomers = Annotated[ApiClient, requires(Scope.READ_CUSTOMERS)]
ReadBilling = Annotated[ApiClient, requires(Scope.READ_BILLING)]
WritePayments = Annotated[ApiClient, requires(Scope.WRITE_PAYMENTS)]
WriteCards = Annotated[ApiClient, requires(Scope.WRITE_CARDS)]
ReadTickets = Annotated[ApiClient, requires(Scope.READ_TICKETS)]
WriteTickets = Annotated[ApiClient, requires(Scope.WRITE_TICKETS)]
ReadIncidents = Annotated[ApiClient, requires(Scope.READ_INCIDENTS)]
WriteIncidents = Annotated[ApiClient, requires(Scope.WRITE_INCIDENTS)]
ReadReports = Annotated[ApiClient, requires(Scope.READ_REPORTS)]  # indicators, staffing


def required_scope_of(dependency_call: object) -> str | None:
    """The scope a dependency demands (None for any other dependency)."""
    return getattr(dependency_call, "required_scope", None)
