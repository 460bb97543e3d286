"""API keys: scopes parsing, the `create-api-key` / `revoke-api-key` commands, verification."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from backoffice.config import get_settings
from backoffice.db.models import ApiKey, AuditLog
from backoffice.security.api_keys import (
    ALL_SCOPES,
    InvalidApiKeyRequest,
    create_api_key,
    parse_scopes,
    verify_api_key,
)
from backoffice.security.api_keys_cli import create_api_key as create_command
from backoffice.security.api_keys_cli import revoke_api_key as revoke_command


def test_scopes_parse_from_commas_spaces_or_all() -> None:
    assert parse_scopes("write:payments, read:customers") == ("read:customers", "write:payments")
    assert parse_scopes("read:tickets read:tickets") == ("read:tickets",)
    assert parse_scopes("all") == ALL_SCOPES
    with pytest.raises(InvalidApiKeyRequest, match="read:everything"):
        parse_scopes("read:everything")
    with pytest.raises(InvalidApiKeyRequest, match="at least one"):
        parse_scopes(" , ")


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    monkeypatch.setenv("CALLCENTER_DATABASE_URL", db_url)
    monkeypatch.setenv("CALLCENTER_ENV", "test")
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("create-api-key")(create_command)
    app.command("revoke-api-key")(revoke_command)
    yield app
    get_settings.cache_clear()


def test_the_create_command_prints_the_key_once_and_stores_only_its_hash(
    cli: typer.Typer, engine: Engine,
) -> None:
    result = CliRunner().invoke(cli, ["create-api-key", "--name", "billing-system",
                                      "--scopes", "read:billing,write:payments"])
    assert result.exit_code == 0, result.output
    keys = [w for w in result.output.split() if w.startswith("cc_")]
    assert len(keys) == 1
    key = keys[0]
    with Session(engine) as db:
        row = db.scalars(select(ApiKey)).one()
        assert (row.name, row.scopes) == ("billing-system", ["read:billing", "write:payments"])
        assert key not in row.key_hash
        verified = verify_api_key(db, key)
        assert verified is not None and verified.scopes == {"read:billing", "write:payments"}
        assert db.scalars(select(AuditLog.action)).all() == ["api_key_created"]

    revoked = CliRunner().invoke(cli, ["revoke-api-key", row.prefix])
    assert revoked.exit_code == 0, revoked.output
    with Session(engine) as db:
        assert verify_api_key(db, key) is None
    assert CliRunner().invoke(cli, ["revoke-api-key", row.prefix]).exit_code == 1


@pytest.mark.parametrize(("name", "scopes"), [("ok", "write:everything"), ("", "all"),
                                               ("x" * 49, "all"), ("bad\nname", "all")])
def test_the_create_command_refuses_bad_requests_plainly(
    cli: typer.Typer, engine: Engine, name: str, scopes: str,
) -> None:
    result = CliRunner().invoke(cli, ["create-api-key", "--name", name, "--scopes", scopes])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output
    with Session(engine) as db:
        assert db.scalars(select(ApiKey)).all() == []


@pytest.mark.parametrize("presented", [
    "", "cc_", "cc_0123456789ab_", "Bearer x", "cc_0123456789ab_" + "a" * 300,
    "cc_ZZZZZZZZZZZZ_" + "a" * 43,
])
def test_malformed_keys_never_verify(engine: Engine, presented: str) -> None:
    with Session(engine) as db, db.begin():
        create_api_key(db, "someone", ["read:tickets"], "test")
    with Session(engine) as db:
        assert verify_api_key(db, presented) is None
