"""Staff accounts: invitations and resets by one-time link, two-factor sign-in, what
administrators do to accounts, and the record of it."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.accounts import commands, routes
    from portal.staff.models import StaffRole
    from portal.vocabulary import OrganisationKind

    routes.init_app(app)
    commands.init_app(app)
    app.jinja_env.filters.update(
        role_label=lambda code: StaffRole(code).label,
        organisation_kind=lambda code: OrganisationKind(code).label,
    )
