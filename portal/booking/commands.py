from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from portal.booking import reminders, waiting_list
from portal.sms.delivery import deliver_due


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Text the day-before reminder for tomorrow's booked meetings.

    Safe to run from cron every few minutes, from several machines at once: a reminder is
    never sent twice, nor for a booking that has been cancelled.
    """
    queued = reminders.send_reminders()
    deliver_due()
    click.echo(f"reminders queued: {queued}")


@click.command("expire-offers")
@with_appcontext
def expire_offers() -> None:
    """Pass seats whose offer was not accepted in time to the next person waiting.

    Safe to run from cron every few minutes, from several machines at once.
    """
    lapsed = waiting_list.expire_offers()
    deliver_due()
    click.echo(f"offers lapsed and passed on: {lapsed}")


def init_app(app: Flask) -> None:
    app.cli.add_command(send_reminders)
    app.cli.add_command(expire_offers)
