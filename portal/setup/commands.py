"""`flask setup-county` for a real county; `flask demo` and `flask demo-if-empty` for the
demo county from data/demo.toml."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.accounts.administration import Invitee
from portal.accounts.commands import english, phone_option
from portal.database import db
from portal.organisations.models import County
from portal.setup import loader
from portal.setup.county import (
    OrganisationSpec,
    SetupError,
    default_organisations,
    find_county,
    set_up_county,
)
from portal.setup.reference import DATA
from portal.sms.delivery import deliver_due
from portal.staff.models import StaffRole
from portal.vocabulary import OrganisationKind


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


@click.command("setup-county")
@with_appcontext
@click.argument("county")
@click.option(
    "--organisations",
    "organisations_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A TOML file of [[organisations]] (name, kind, municipality code), as in "
    "portal/setup/data/demo.toml. Without it: one organisation per municipality.",
)
@click.option("--admin-organisation", required=True, help="The first administrator's organisation.")
@click.option("--admin-name", required=True)
@click.option("--admin-email", required=True)
@click.option("--admin-phone", help="A work mobile number to text the link to.")
def setup_county(
    county: str,
    organisations_file: str | None,
    admin_organisation: str,
    admin_name: str,
    admin_email: str,
    admin_phone: str | None,
) -> None:
    """Set up COUNTY (its SCB code, e.g. 19, or its name): its municipalities from SCB's
    register, its organisations, and the first county administrator, whose one-time link
    is printed. Run it again to add organisations; nothing already there is changed."""
    try:
        with english():
            record = find_county(county)
            if organisations_file:
                spec = loader.read(Path(organisations_file))
                organisations = [
                    OrganisationSpec(
                        item["name"], OrganisationKind(item["kind"]), item["municipality"]
                    )
                    for item in spec.get("organisations", [])
                ]
            else:
                organisations = default_organisations(record)
            invitee = Invitee(
                admin_name, admin_email, StaffRole.COUNTY_ADMINISTRATOR, phone_option(admin_phone)
            )
            result = set_up_county(record, organisations, invitee, admin_organisation)
    except (SetupError, KeyError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{result.county.name}: {len(result.county.municipalities)} municipalities, "
        f"{result.organisations_made} organisations added."
    )
    click.echo(f"County administrator {result.administrator.email}, one-time link: {result.link}")


def init_app(app: Flask) -> None:
    app.cli.add_command(setup_county)
    app.cli.add_command(demo)
    app.cli.add_command(demo_if_empty)
