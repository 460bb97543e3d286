"""`/api/v1/webhooks`: register receivers (secret shown), list, remove, read the delivery
log, retry a failed delivery. Bad input is a 4xx problem, never a server error."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.config import Settings
from backoffice.db.engine import make_session_factory
from backoffice.db.models import AuditLog, WebhookDelivery
from backoffice.security.webhook_signing import endpoint_secret
from backoffice.services.webhook_delivery import deliver_due
from tests.integration.webhooks.conftest import T0
from tests.integration.webhooks.webhook_factories import add_ticket, change_status
from tests.integration.webhooks.webhook_receiver import closed_port_url

HOOK = {"url": "https://crm.example.com/hooks/callcenter", "description": "CRM sync",
        "event_types": ["ticket.status_changed"]}


def _engine(client: TestClient) -> Engine:
    return client.app.state.engine  # type: ignore[attr-defined,no-any-return]


def test_creating_an_endpoint_returns_its_derived_secret_once_uncached(
    admin: TestClient, settings: Settings,
) -> None:
    response = admin.post("/api/v1/webhooks", json=HOOK)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"] == HOOK["url"] and body["event_types"] == ["ticket.status_changed"]
    assert body["created_by"] == "api:hooks-admin"
    assert body["secret"] == endpoint_secret(settings.webhook_signing_key, body["id"])
    assert response.headers["cache-control"] == "no-store"
    listed = admin.get("/api/v1/webhooks").json()
    assert [e["id"] for e in listed["items"]] == [body["id"]]
    assert "secret" not in listed["items"][0]
    secret = admin.get(f"/api/v1/webhooks/{body['id']}/secret")
    assert secret.status_code == 200 and secret.json()["secret"] == body["secret"]
    with Session(_engine(admin)) as db:
        actions = db.scalars(select(AuditLog.action).where(AuditLog.object_type == "webhook_endpoint")
                             .order_by(AuditLog.id)).all()
    assert actions == ["webhook_created", "webhook_secret_read"]


def test_urls_other_than_http_or_https_are_refused_with_a_clear_problem(
    admin: TestClient,
) -> None:
    for url, words in (("ftp://example.com/x", "http:// or https://"),
                       ("https://user:pw@example.com/", "user name or password"),
                       ("not a url", "spaces")):
        response = admin.post("/api/v1/webhooks", json={**HOOK, "url": url})
        assert response.status_code == 422, url
        assert response.headers["content-type"] == "application/problem+json"
        assert words in response.json()["detail"], response.json()
    unknown_type = admin.post("/api/v1/webhooks", json={**HOOK, "event_types": ["bill.paid"]})
    assert unknown_type.status_code == 422
    assert admin.get("/api/v1/webhooks").json()["items"] == []


def test_removing_an_endpoint_hides_it_and_its_secret_but_keeps_its_log(
    admin: TestClient,
) -> None:
    endpoint_id = admin.post("/api/v1/webhooks", json=HOOK).json()["id"]
    assert admin.delete(f"/api/v1/webhooks/{endpoint_id}").status_code == 204
    assert admin.delete(f"/api/v1/webhooks/{endpoint_id}").status_code == 404
    assert admin.get("/api/v1/webhooks").json()["items"] == []
    assert admin.get(f"/api/v1/webhooks/{endpoint_id}/secret").status_code == 404
    assert admin.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").status_code == 200
    assert admin.get("/api/v1/webhooks/999/deliveries").status_code == 404


def test_the_delivery_log_shows_every_try_and_a_failed_delivery_can_be_retried(
    admin: TestClient, settings: Settings,
) -> None:
    endpoint_id = admin.post("/api/v1/webhooks", json={"url": closed_port_url()}).json()["id"]
    sessions = make_session_factory(_engine(admin), write=True)
    with sessions() as db, db.begin():
        change_status(db, add_ticket(db, T0), "qa_review", "send_to_qa", T0)
    with sessions() as db:
        delivery_id = db.scalars(select(WebhookDelivery.id)).one()
    early = admin.post(f"/api/v1/webhooks/deliveries/{delivery_id}/retry")
    assert early.status_code == 409, early.text
    assert early.json()["type"] == "/problems/webhook-delivery-not-retryable"

    now = T0
    with httpx.Client(trust_env=False) as http:
        while deliver_due(sessions, http, now, settings.webhook_signing_key,
                          spread=lambda: 0.5) == 1:
            with sessions() as db:
                next_at = db.scalars(select(WebhookDelivery.next_attempt_at)).one()
            if next_at is None:
                break
            now = next_at

    log = admin.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").json()["items"]
    assert len(log) == 1 and log[0]["status"] == "failed" and log[0]["attempts"] == 8
    assert [t["number"] for t in log[0]["tries"]] == list(range(1, 9))
    assert all(t["status_code"] is None and "ConnectError" in t["error"] for t in log[0]["tries"])
    assert admin.get(f"/api/v1/webhooks/{endpoint_id}/deliveries",
                     params={"status": "delivered"}).json()["items"] == []

    retried = admin.post(f"/api/v1/webhooks/deliveries/{delivery_id}/retry")
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "pending"
    assert admin.post("/api/v1/webhooks/deliveries/999/retry").status_code == 404
