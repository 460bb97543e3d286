"""Generate an Alembic migration against a private PostgreSQL server (it sees everything,
column comments included), to be reviewed by hand.  Usage: make migration MSG="what changed"."""

from __future__ import annotations

import sys

from alembic import command
from sqlalchemy import create_engine, text

from backoffice.db.migrate import alembic_config, upgrade
from tests.support.postgres import start_postgres


def main(message: str) -> None:
    server = start_postgres()
    try:
        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE makemigration"))
        admin.dispose()
        url = server.url("makemigration")
        upgrade(url)
        command.revision(alembic_config(url), message=message, autogenerate=True)
    finally:
        server.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit('usage: python scripts/makemigration.py "what changed"')
    main(sys.argv[1])
