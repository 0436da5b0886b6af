"""`flask verify-approvals`: walk the approval chain; run it from cron and keep the head it
prints somewhere the database's administrators cannot change."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.database import transaction
from portal.plans import approval_chain


@transaction
def _verified() -> approval_chain.Verification:
    result = approval_chain.verify(current_app.config["APPROVAL_RETENTION_YEARS"])
    approval_chain.record(result)
    return result


@click.command("verify-approvals")
@with_appcontext
def verify_approvals() -> None:
    """Check that no approval was removed or altered. Exits 1 naming the first break; the
    result is kept for the staff's Approval record page."""
    result = _verified()
    if result.first_break is not None:
        click.echo(f"Broken at {result.first_break.describe()}", err=True)
        raise SystemExit(1)
    click.echo(
        f"Intact: {result.checked} approvals, {result.checkpoints} checkpoints "
        f"({result.removed} approvals removed after their retention time); head {result.head}"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(verify_approvals)
