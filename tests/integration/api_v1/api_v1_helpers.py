"""Helpers the integrator API tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backoffice.security.api_keys import create_api_key

KeyMaker = Callable[..., str]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def new_key(engine: Engine, *scopes: str, name: str = "test-integrator") -> str:
    """A fresh API key with ``scopes``, straight into the database; its plaintext."""
    with Session(engine) as db, db.begin():
        return create_api_key(db, name, scopes, "test").plaintext


def key_prefix(key: str) -> str:
    return key.split("_")[1]
