"""`flask invite-staff`: an account and its one-time set-up link, from the command line."""

from __future__ import annotations

from contextlib import AbstractContextManager

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts import administration
from portal.accounts.administration import AccountError, Invitee
from portal.database import db
from portal.organisations.models import Municipality, Organisation
from portal.phone import InvalidPhoneNumber, to_e164
from portal.staff.models import StaffRole


def english() -> AbstractContextManager[None]:
    """The command line speaks English, messages from the domain included, whatever the
    portal's default language."""
    return force_locale("en")


def find_organisation(name: str, municipality_code: str | None = None) -> Organisation:
    query = select(Organisation).where(Organisation.name == name)
    if municipality_code:
        query = query.join(Municipality).where(Municipality.code == municipality_code)
    found = db.session.scalars(query).all()
    if not found:
        raise click.ClickException(f"No organisation is called {name!r}.")
    if len(found) > 1:
        raise click.ClickException(
            f"Several organisations are called {name!r}: name its municipality with --municipality."
        )
    return found[0]


def phone_option(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return to_e164(value)
    except InvalidPhoneNumber:
        raise click.BadParameter(f"{value!r} is not a mobile number.") from None


@click.command("invite-staff")
@with_appcontext
@click.option("--organisation", "organisation_name", required=True, help="The organisation's name.")
@click.option("--municipality", help="Its municipality's code, where several share the name.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in StaffRole]), default="caseworker")
@click.option("--phone", help="A work mobile number to text the link to.")
@click.option(
    "--county-wide",
    is_flag=True,
    help="A coordinator who follows up the whole county, not only their municipality.",
)
def invite_staff(
    organisation_name: str,
    municipality: str | None,
    email: str,
    name: str,
    role: str,
    phone: str | None,
    county_wide: bool,
) -> None:
    """Make a staff account and print its one-time link, where its owner chooses a password
    (and sets up two-factor sign-in where required)."""
    organisation = find_organisation(organisation_name, municipality)
    try:
        with english():
            staff, link = administration.invite(
                organisation,
                Invitee(name, email, StaffRole(role), phone_option(phone), county_wide),
                by=None,
                by_sms=bool(phone),
            )
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Invited {staff.email} ({staff.role}) to {organisation.name}.")
    click.echo(f"One-time link for {staff.name}: {link}")


def init_app(app: Flask) -> None:
    app.cli.add_command(invite_staff)
