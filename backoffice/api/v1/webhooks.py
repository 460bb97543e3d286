"""Outgoing webhooks: register a receiver for ticket events, read its delivery log, retry.

Every route needs the `admin:webhooks` scope: an endpoint receives customer ticket data,
so registering one is an administrator's decision.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from backoffice.api.problems import Conflict, NotFound, Unprocessable
from backoffice.api.v1.auth import ApiClient, requires
from backoffice.api.v1.deps import ReadSessionsDep, SettingsDep, WriteSessionsDep
from backoffice.api.v1.pagination import MAX_ID, PageDep, fetch_page
from backoffice.api.v1.schemas.common import Page, problems
from backoffice.api.v1.schemas.webhooks import (
    DeliveryOut,
    DeliveryStatus,
    WebhookCreate,
    WebhookCreated,
    WebhookOut,
    WebhookSecret,
)
from backoffice.db.base import utcnow
from backoffice.db.models import WebhookDelivery, WebhookEndpoint
from backoffice.security.api_keys import Scope
from backoffice.security.webhook_signing import endpoint_secret
from backoffice.services.audit import audit
from backoffice.services.webhook_endpoints import (
    DeliveryNotFound,
    DeliveryNotRetryable,
    create_endpoint,
    deliveries_of,
    live_endpoint,
    live_endpoints,
    remove_endpoint,
    retry_delivery,
)

router = APIRouter(tags=["webhooks"])
AdminWebhooks = Annotated[ApiClient, requires(Scope.ADMIN_WEBHOOKS)]
WebhookId = Annotated[int, Path(ge=1, le=MAX_ID, description="webhook endpoint id", examples=[1])]
DeliveryId = Annotated[int, Path(ge=1, le=MAX_ID, description="delivery id", examples=[7])]
NO_STORE = "no-store"


class WebhookNotRetryable(Conflict):
    type_id = "webhook-delivery-not-retryable"


@router.post("/webhooks", status_code=201, response_model=WebhookCreated,
             summary="Register a webhook endpoint (its secret returned)")
def create_webhook(body: WebhookCreate, client: AdminWebhooks, sessions: WriteSessionsDep,
                   settings: SettingsDep, response: Response) -> WebhookCreated:
    """Ticket events are POSTed to `url` from now on, signed with the `secret` in this
    response (`X-Callcenter-Signature`; verification in docs/webhooks.md)."""
    try:
        with sessions() as db, db.begin():
            endpoint = create_endpoint(db, body.url, body.description, body.event_types,
                                       client.actor, utcnow())
            out = WebhookOut.model_validate(endpoint)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from None
    response.headers["Cache-Control"] = NO_STORE
    return WebhookCreated(**out.model_dump(),
                          secret=endpoint_secret(settings.webhook_signing_key, out.id))


@router.get("/webhooks", response_model=Page[WebhookOut],
            summary="List webhook endpoints, newest first")
def list_webhooks(client: AdminWebhooks, sessions: ReadSessionsDep,
                  page: PageDep) -> Page[WebhookOut]:
    with sessions() as db:
        rows, next_cursor = fetch_page(db, live_endpoints(), WebhookEndpoint.id, page,
                                       newest_first=True)
        return Page(items=[WebhookOut.model_validate(e) for e in rows], next_cursor=next_cursor)


@router.get("/webhooks/{webhook_id}/secret", response_model=WebhookSecret,
            summary="A webhook endpoint's signing secret", responses=problems(404))
def get_webhook_secret(webhook_id: WebhookId, client: AdminWebhooks, sessions: WriteSessionsDep,
                       settings: SettingsDep, response: Response) -> WebhookSecret:
    """The secret is derived from the server's signing key, never stored; reading it is
    audited."""
    with sessions() as db, db.begin():
        if live_endpoint(db, webhook_id) is None:
            raise NotFound(f"there is no webhook endpoint {webhook_id}")
        audit(db, client.actor, "webhook_secret_read", "webhook_endpoint", str(webhook_id))
    response.headers["Cache-Control"] = NO_STORE
    return WebhookSecret(id=webhook_id,
                         secret=endpoint_secret(settings.webhook_signing_key, webhook_id))


@router.delete("/webhooks/{webhook_id}", status_code=204, response_class=Response,
               summary="Remove a webhook endpoint", responses=problems(404))
def delete_webhook(webhook_id: WebhookId, client: AdminWebhooks,
                   sessions: WriteSessionsDep) -> Response:
    """Nothing more is sent to it; its pending deliveries are cancelled. Its delivery log
    stays readable."""
    with sessions() as db, db.begin():
        if not remove_endpoint(db, webhook_id, client.actor, utcnow()):
            raise NotFound(f"there is no webhook endpoint {webhook_id}")
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=Page[DeliveryOut],
            summary="An endpoint's delivery log, newest first", responses=problems(404))
def list_deliveries(
    webhook_id: WebhookId, client: AdminWebhooks, sessions: ReadSessionsDep, page: PageDep,
    status: Annotated[DeliveryStatus | None, Query(examples=["failed"])] = None,
) -> Page[DeliveryOut]:
    """Each delivery with every try made: when, the receiver's status or the error, and
    how long it took."""
    with sessions() as db:
        if db.get(WebhookEndpoint, webhook_id) is None:
            raise NotFound(f"there is no webhook endpoint {webhook_id}")
        rows, next_cursor = fetch_page(db, deliveries_of(webhook_id, status), WebhookDelivery.id,
                                       page, newest_first=True)
        return Page(items=[DeliveryOut.model_validate(d) for d in rows], next_cursor=next_cursor)


@router.post("/webhooks/deliveries/{delivery_id}/retry", response_model=DeliveryOut,
             summary="Retry a failed delivery now", responses=problems(404, 409))
def retry(delivery_id: DeliveryId, client: AdminWebhooks,
          sessions: WriteSessionsDep) -> DeliveryOut:
    """The delivery becomes due at once for one more try. Only a failed delivery can be
    retried (409 otherwise)."""
    try:
        with sessions() as db, db.begin():
            delivery = retry_delivery(db, delivery_id, client.actor, utcnow())
            return DeliveryOut.model_validate(delivery)
    except DeliveryNotFound:
        raise NotFound(f"there is no webhook delivery {delivery_id}") from None
    except DeliveryNotRetryable as exc:
        raise WebhookNotRetryable(str(exc)) from None
