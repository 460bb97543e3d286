"""`callcenter webhooks-deliver`: send due webhook deliveries from a process of its own.

The web process can send them too (a background job); running this instead, or beside it,
is safe: workers never send the same try twice.
"""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from backoffice.cli_settings import settings_or_exit
from backoffice.db.engine import make_engine, make_session_factory
from backoffice.services.webhook_delivery import WebhookWorker


def webhooks_deliver(
    once: Annotated[bool, typer.Option("--once", help="send what is due now, then stop")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="seconds between rounds")] = 5.0,
) -> None:
    """Send due webhook deliveries (signed, retried with backoff) until interrupted."""
    settings = settings_or_exit()
    engine = make_engine(settings.database_url)
    worker = WebhookWorker(make_session_factory(engine, write=True),
                           settings.webhook_signing_key, settings.webhook_timeout_s)
    stop = threading.Event()
    try:
        while True:
            tries = worker.run_once()
            if once:
                typer.echo(f"{tries} webhook tries made")
                break
            stop.wait(interval)
    except KeyboardInterrupt:
        typer.echo("stopped")
    finally:
        worker.close()
        engine.dispose()
