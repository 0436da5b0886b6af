"""`flask apply-retention`, run from cron once a night."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import with_appcontext

from portal.privacy import retention


@click.command("apply-retention")
@with_appcontext
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="As if it were this day.")
def apply_retention(today: object) -> None:
    """Delete the personal data of everyone whose introduction ended RETENTION_YEARS ago,
    keeping only anonymised figures for follow-up. Prints what it deleted."""
    day = today.date() if hasattr(today, "date") else date.today()
    for line in retention.apply(day).lines():
        click.echo(line)


def init_app(app: Flask) -> None:
    app.cli.add_command(apply_retention)
