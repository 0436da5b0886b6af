from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.auth.passwords import hash_password
from portal.database import db
from portal.organisations.models import Organisation
from portal.staff.models import Staff, StaffRole


@click.command("create-staff")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--organisation", "organisation_name", required=True, help="The organisation's name.")
@click.option("--role", type=click.Choice([role.value for role in StaffRole]), default="caseworker")
@click.option(
    "--county-wide",
    is_flag=True,
    help="A coordinator who follows up the whole county, not only their municipality.",
)
@click.password_option()
def create_staff(
    email: str, name: str, organisation_name: str, role: str, county_wide: bool, password: str
) -> None:
    """Create a staff account."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation_name)
    )
    if organisation is None:
        raise click.ClickException(f"No organisation is called {organisation_name!r}.")
    db.session.add(
        Staff(
            email=email.strip().lower(),
            name=name,
            role=StaffRole(role),
            county_wide=county_wide,
            organisation=organisation,
            password_hash=hash_password(password),
        )
    )
    db.session.commit()
    click.echo(f"Created {email}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_staff)
