"""Problems specific to the integrator API, each with a stable type id clients can branch on."""

from __future__ import annotations

from backoffice.api.problems import Conflict, Forbidden, Unauthorized, Unprocessable


class MissingApiKey(Unauthorized):
    type_id = "missing-api-key"


class InvalidApiKey(Unauthorized):
    type_id = "invalid-api-key"


class InsufficientScope(Forbidden):
    type_id = "insufficient-scope"


class InvalidCursor(Unprocessable):
    type_id = "invalid-cursor"


class IdempotencyKeyReused(Unprocessable):
    type_id = "idempotency-key-reused"
    title = "Idempotency key already used for another request"


class IdempotentRequestInFlight(Conflict):
    type_id = "idempotent-request-in-flight"
    title = "A request with this idempotency key is still being processed"


class InvalidReference(Unprocessable):
    """The body names an object (customer, line) that does not exist."""

    type_id = "invalid-reference"


class CardNotVoidable(Conflict):
    type_id = "card-not-voidable"
