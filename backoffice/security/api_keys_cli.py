"""`callcenter create-api-key` / `revoke-api-key`: manage integrator keys from the shell.

The plain key is printed exactly once; only its hash is stored, so a lost key is replaced,
never recovered.
"""

from __future__ import annotations

from typing import Annotated

import typer

from backoffice.cli_settings import settings_or_exit
from backoffice.db.base import utcnow
from backoffice.db.engine import make_engine, make_session_factory, transaction
from backoffice.security.api_keys import (
    ALL_SCOPES,
    InvalidApiKeyRequest,
)
from backoffice.security.api_keys import create_api_key as _create
from backoffice.security.api_keys import revoke_api_key as _revoke

CLI_ACTOR = "system:cli"


def create_api_key(
    name: Annotated[str, typer.Option(help="who the key is for, e.g. 'billing-system'")],
    scopes: Annotated[str, typer.Option(
        help=f"comma-separated scopes, or 'all'. Known: {', '.join(ALL_SCOPES)}")],
) -> None:
    """Create an integrator API key and print it once (only its hash is kept)."""
    engine = make_engine(settings_or_exit().database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            issued = _create(db, name, scopes.split(","), CLI_ACTOR)
    except InvalidApiKeyRequest as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(f"API key for {issued.name!r} (scopes: {', '.join(issued.scopes)}):")
    typer.echo(issued.plaintext)
    typer.echo("Store it now: it is shown only this once. "
               "Send it as 'Authorization: Bearer <key>'.", err=True)


def revoke_api_key(
    prefix: Annotated[str, typer.Argument(help="the key's prefix: the part after 'cc_'")],
) -> None:
    """Revoke an API key at once; requests with it are refused from then on."""
    engine = make_engine(settings_or_exit().database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            revoked = _revoke(db, prefix, CLI_ACTOR, utcnow())
    finally:
        engine.dispose()
    if not revoked:
        typer.echo(f"error: no live API key with prefix {prefix!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"API key {prefix} revoked")
