from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from portal.database import db
from portal.participants import status


@click.command("refresh-statuses")
@with_appcontext
def refresh_statuses() -> None:
    """Recompute where every participant stands (the caseworker's list) from the facts.

    Every change keeps it up to date; this is for after data was changed by hand."""
    status.refresh_all()
    db.session.commit()
    click.echo("Refreshed.")


def init_app(app: Flask) -> None:
    app.cli.add_command(refresh_statuses)
