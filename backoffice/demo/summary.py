"""What a person needs to try the demo: logins, showcase lines and their PIN, cards, tickets."""

from __future__ import annotations

import typer
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backoffice.db.models import Line, Ticket
from backoffice.demo.reference import DEMO_CARDS, DEMO_PASSWORD, DEMO_PIN, SHOWCASE, USERS


def print_summary(engine: Engine) -> None:
    with Session(engine) as db:
        tickets = db.scalars(select(Ticket).where(Ticket.line_id == 1).order_by(Ticket.id)).all()
        first = db.scalar(select(Line.number).where(Line.id == 1))
    typer.echo(f"\nDemo desk logins (password for all: {DEMO_PASSWORD}):")
    for user in USERS:
        typer.echo(f"  {user.username:<10} {user.role:<11} {user.name}")
    typer.echo(f"\nDemo lines (PIN for every demo line: {DEMO_PIN}):")
    for s in SHOWCASE:
        typer.echo(f"  {s.number}  {s.story}")
    typer.echo("\nUnused recharge cards (serial / card PIN / value):")
    for serial, secret, value in DEMO_CARDS:
        typer.echo(f"  {serial} / {secret} / {value // 100} yuan")
    if tickets:
        typer.echo(f"\nTickets of {first}: " + ", ".join(f"{t.number} ({t.type})" for t in tickets))
