"""Settings for command-line tools: a wrong configuration is one clear line, not a traceback."""

from __future__ import annotations

import typer
from pydantic import ValidationError

from backoffice.config import Settings
from backoffice.config import get_settings as _load_settings


def settings_or_exit() -> Settings:
    try:
        return _load_settings()
    except ValidationError as exc:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        typer.echo(f"configuration error: {messages}", err=True)
        raise typer.Exit(2) from None
