from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from portal.sms import delivery
from portal.sms.worker import Worker


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{status}: {count}" for status, count in counts.items())


@click.command("send-sms")
@with_appcontext
def send_sms() -> None:
    """Send every text message that is due (new or to retry), once.

    For cron, where no `flask sms-worker` runs; safe every minute, from several machines.
    """
    click.echo(_summary(delivery.deliver_due()) or "nothing due")


@click.command("sms-worker")
@with_appcontext
def sms_worker() -> None:
    """Deliver text messages as they are queued, until SIGTERM or SIGINT."""
    click.echo("SMS worker started")
    Worker().run(report=lambda counts: click.echo(_summary(counts)))
    click.echo("SMS worker stopped")


def init_app(app: Flask) -> None:
    app.cli.add_command(send_sms)
    app.cli.add_command(sms_worker)
