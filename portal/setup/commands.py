"""`flask demo` and `flask demo-if-empty`: the demo county from data/demo.toml."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.database import db
from portal.organisations.models import County
from portal.setup import loader
from portal.setup.reference import DATA
from portal.sms.service import deliver_due


def is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(County))


def create_demo() -> list[str]:
    """Load the demo county and send its texts; returns the lines to print."""
    lines = loader.load(loader.read(DATA / "demo.toml"))
    deliver_due()
    return lines


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load demo data into an empty database and print how to sign in."""
    if not is_empty():
        raise click.ClickException("The database already holds data; the demo needs an empty one.")
    for line in create_demo():
        click.echo(line)


@click.command("demo-if-empty")
@with_appcontext
def demo_if_empty() -> None:
    """As `demo`, but quietly does nothing when the database holds data (for `make run`)."""
    if is_empty():
        for line in create_demo():
            click.echo(line)
    else:
        click.echo("The database already holds data; no demo data loaded.")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(demo_if_empty)
