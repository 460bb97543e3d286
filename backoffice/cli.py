"""`callcenter` — one command for the back office: serve, migrate, demo data, and more."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from backoffice.cli_settings import settings_or_exit as get_settings

app = typer.Typer(help="Telecom customer-service call center back office.", no_args_is_help=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default from settings)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default from settings)")] = None,
) -> None:
    """Serve the back office (REST API, IVR API, desk) with uvicorn.

    What the app builds once (routes, models, SQLAlchemy metadata: some 150,000 objects)
    lives as long as the process, so it is frozen out of the garbage collector: a full
    collection no longer walks it, which stalled the event loop for ~0.1 s each time."""
    import gc

    import uvicorn

    from backoffice.app import create_app

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    typer.echo(f"Back office on http://{host}:{port}/  (desk /desk/, API docs /docs)")
    app = create_app(settings)
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())


@app.command()
def migrate() -> None:
    """Upgrade the database schema to the newest migration (creates an SQLite file if needed)."""
    from backoffice.db.migrate import upgrade

    settings = get_settings()
    _ensure_sqlite_dir(settings.database_url)
    upgrade(settings.database_url)
    typer.echo("database schema is up to date")


@app.command("demo-data")
def demo_data(
    customers: Annotated[int, typer.Option(min=5, help="how many customers")] = 1000,
    seed: Annotated[int, typer.Option(help="random seed; the same seed gives the same data")] = 42,
    today: Annotated[str | None, typer.Option(help="the day the data is made for (YYYY-MM-DD)")] = None,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="do nothing if data exists")] = False,
    history_days: Annotated[int, typer.Option(  # indicators (issue 8)
        min=0, max=60, help="days of call history before today, for the reports")] = 14,
) -> None:
    """Load deterministic demo data (customers, bills, agents, cards, incidents)."""
    from backoffice.db.engine import make_engine
    from backoffice.demo.load import NotEmpty, load_demo_data
    from backoffice.demo.summary import print_summary

    settings = get_settings()
    engine = make_engine(settings.database_url)
    day = date.fromisoformat(today) if today else date.today()
    try:
        load_demo_data(engine, customers, seed, day, settings.pin_key_bytes,
                       history_days=history_days)
    except NotEmpty as exc:
        if not if_empty:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo("demo data already loaded")
    print_summary(engine)


@app.command("billing-run")
def billing_run(
    day: Annotated[
        str | None, typer.Option("--date", help="business day (YYYY-MM-DD), default today")
    ] = None,
) -> None:
    """Apply the arrears rules for a day: suspend one-way / two-way, restore. Safe to rerun."""
    from sqlalchemy.orm import Session

    from backoffice.db.engine import make_engine
    from backoffice.services.arrears import billing_run as run

    settings = get_settings()
    when = date.fromisoformat(day) if day else settings.today()
    with Session(make_engine(settings.database_url)) as db, db.begin():
        counts = run(db, when)
    changes = ", ".join(f"{n} → {state}" for state, n in sorted(counts.items())) or "no changes"
    typer.echo(f"billing run for {when}: {changes}")


# Tickets workflow (issue 7): escalate overdue tickets (the web process also runs it
# periodically); safe to run as often as you like: a ticket is escalated once.
@app.command("sla-sweep")
def sla_sweep() -> None:
    """Flag overdue tickets and escalate them to the supervisors (once per ticket)."""
    from backoffice.db.engine import make_engine, make_session_factory
    from backoffice.services.sla import run_sla_sweep

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        escalated = run_sla_sweep(make_session_factory(engine, write=True))
    finally:
        engine.dispose()
    typer.echo(f"sla sweep: {escalated} tickets escalated")


@app.command()
def dispatch(
    seconds: Annotated[float | None, typer.Option(help="stop after this long (default: run)")] = None,
    interval: Annotated[float, typer.Option(help="seconds between ticks")] = 0.25,
) -> None:
    """Run an agent-queue dispatcher with the simulated switch (more than one may run)."""
    from backoffice.acd.config import AcdConfig
    from backoffice.acd.dispatcher import Dispatcher
    from backoffice.acd.runner import DispatcherLoop
    from backoffice.acd.simulated_switch import SimulatedSwitch
    from backoffice.db.engine import make_engine, make_session_factory

    settings = get_settings()
    sessions = make_session_factory(make_engine(settings.database_url), write=True)
    loop = DispatcherLoop(Dispatcher(sessions, SimulatedSwitch(), AcdConfig.from_settings(settings)),
                          interval)
    ticks = loop.run(seconds)
    typer.echo(f"dispatcher stopped after {ticks} ticks")


@app.command()
def esl() -> None:
    """Drive the agent queue from a real FreeSWITCH over the event socket (own process)."""
    from backoffice.esl.service import run_listener

    run_listener(get_settings())


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


from backoffice.security.api_keys_cli import create_api_key, revoke_api_key  # noqa: E402
from backoffice.simulator_cli import run_call_command  # noqa: E402  (registered last: it imports this module lazily)
from backoffice.webhooks_cli import webhooks_deliver  # noqa: E402  (outgoing webhooks)

app.command("call")(run_call_command)
app.command("create-api-key")(create_api_key)
app.command("revoke-api-key")(revoke_api_key)
app.command("webhooks-deliver")(webhooks_deliver)  # outgoing webhooks (issue 7)

if __name__ == "__main__":
    app()
