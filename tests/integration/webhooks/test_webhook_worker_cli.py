"""`callcenter webhooks-deliver --once` sends what is due with the configured key, and the
worker handle the web process's background job calls does the same on the real clock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db.base import utcnow
from backoffice.db.models import WebhookDelivery
from backoffice.security.webhook_signing import endpoint_secret, verify
from backoffice.services.webhook_delivery import WebhookWorker
from tests.integration.webhooks.conftest import SIGNING_KEY
from tests.integration.webhooks.webhook_factories import add_endpoint, add_ticket, change_status
from tests.integration.webhooks.webhook_receiver import Receiver

PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}


def _queue_now(sessions: sessionmaker[Session], url: str) -> int:
    now = utcnow() - timedelta(seconds=1)
    with sessions() as db, db.begin():
        endpoint = add_endpoint(db, url)
        change_status(db, add_ticket(db, now), "qa_review", "send_to_qa", now)
        return endpoint.id


def test_the_cli_sends_due_deliveries_once_and_exits(
    db_url: str, sessions: sessionmaker[Session], receiver: Receiver,
) -> None:
    endpoint_id = _queue_now(sessions, receiver.url)
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    env.update({"CALLCENTER_DATABASE_URL": db_url, "CALLCENTER_ENV": "test",
                "CALLCENTER_WEBHOOK_SIGNING_KEY": SIGNING_KEY})
    done = subprocess.run([sys.executable, "-m", "backoffice.cli", "webhooks-deliver", "--once"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 webhook tries made" in done.stdout
    [request] = receiver.received
    assert verify(endpoint_secret(SIGNING_KEY, endpoint_id),
                  request.headers["x-callcenter-signature"], request.body, now=int(time.time()))
    with sessions() as db:
        assert db.scalars(select(WebhookDelivery.status)).one() == "delivered"


def test_the_worker_handle_delivers_on_its_clock_and_closes_its_client(
    sessions: sessionmaker[Session], receiver: Receiver,
) -> None:
    _queue_now(sessions, receiver.url)
    client = httpx.Client(trust_env=False)
    worker = WebhookWorker(sessions, SIGNING_KEY, timeout_s=2.0, client=client)
    assert worker.run_once() == 1
    assert worker.run_once() == 0
    worker.close()
    assert client.is_closed
    assert len(receiver.received) == 1
