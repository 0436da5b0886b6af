from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from portal.sms import service


@click.command("send-sms")
@with_appcontext
def send_sms() -> None:
    """Send every text message that is due (new, to retry, or left by a crashed process).

    Safe to run from cron every minute, from several machines at once.
    """
    counts = service.deliver_due()
    click.echo(", ".join(f"{status}: {count}" for status, count in counts.items()) or "nothing due")


def init_app(app: Flask) -> None:
    app.cli.add_command(send_sms)
