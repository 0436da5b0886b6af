"""Setting up a county for the portal: its municipalities from SCB's register, its
organisations, and the first (county) administrator, who gets a one-time link."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from portal.accounts import administration, audit
from portal.accounts.administration import AccountError, Invitee
from portal.accounts.models import AuditAction
from portal.database import db, transaction
from portal.organisations.models import County, Municipality, Organisation
from portal.setup.reference import CountyRecord, counties, ensure_county, municipalities
from portal.staff.models import Staff
from portal.vocabulary import OrganisationKind


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: OrganisationKind
    municipality_code: str


class SetupError(Exception):
    """Refused, with a message for the person who asked."""


def find_county(wanted: str) -> CountyRecord:
    """A county by its SCB code ("19") or its name ("Västmanlands län", "Västmanland")."""
    wanted = wanted.strip()
    for record in counties():
        if wanted in (record.code, record.name) or record.name.casefold().startswith(
            wanted.casefold()
        ):
            return record
    known = ", ".join(f"{record.code} {record.name}" for record in counties())
    raise SetupError(f"No county is called {wanted!r}. Sweden's counties: {known}.")


def default_organisations(record: CountyRecord) -> list[OrganisationSpec]:
    """Without a file: each municipality's own organisation, for its introduction unit."""
    return [
        OrganisationSpec(f"{m.name} kommun", OrganisationKind.MUNICIPALITY, m.code)
        for m in municipalities()
        if m.county_code == record.code
    ]


def _municipality(county: County, code: str) -> Municipality:
    found = db.session.scalar(
        select(Municipality).where(Municipality.code == code, Municipality.county_id == county.id)
    )
    if found is None:
        raise SetupError(f"No municipality {code!r} in {county.name}.")
    return found


def ensure_organisation(county: County, spec: OrganisationSpec) -> tuple[Organisation, bool]:
    """In the caller's transaction: the organisation, made if missing; and whether it was."""
    municipality = _municipality(county, spec.municipality_code)
    found = db.session.scalar(
        select(Organisation).where(
            Organisation.municipality_id == municipality.id, Organisation.name == spec.name
        )
    )
    if found is not None:
        return found, False
    organisation = Organisation(municipality=municipality, name=spec.name, kind=spec.kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation, True


@dataclass
class SetupResult:
    county: County
    organisations_made: int
    administrator: Staff
    link: str


@transaction
def set_up_county(
    record: CountyRecord,
    organisations: list[OrganisationSpec],
    administrator: Invitee,
    administrator_organisation: str,
) -> SetupResult:
    """Everything or nothing: the municipalities, the organisations missing, and the first
    county administrator with their link. Safe to run again for more organisations."""
    county = ensure_county(record.code)
    made = 0
    for spec in organisations:
        _, new = ensure_organisation(county, spec)
        made += new
    home = db.session.scalar(
        select(Organisation)
        .join(Municipality)
        .where(Municipality.county_id == county.id, Organisation.name == administrator_organisation)
    )
    if home is None:
        raise SetupError(
            f"No organisation in {county.name} is called {administrator_organisation!r}."
        )
    try:
        staff, link = administration.add_invited(
            home, administrator, by=None, by_sms=bool(administrator.phone)
        )
    except AccountError as error:
        raise SetupError(str(error)) from None
    audit.record(AuditAction.COUNTY_SET_UP, actor=None, organisation_id=home.id)
    return SetupResult(county, made, staff, link)


@transaction
def add_organisation(
    admin: Staff, name: str, kind: OrganisationKind, municipality_id: int
) -> Organisation:
    """A county administrator adds an organisation in a municipality of their county."""
    municipality = db.session.get(Municipality, municipality_id)
    county_id = admin.organisation.municipality.county_id
    if municipality is None or municipality.county_id != county_id:
        raise SetupError(_("Choose a municipality of your county."))
    organisation, new = ensure_organisation(
        municipality.county, OrganisationSpec(name, kind, municipality.code)
    )
    if not new:
        raise SetupError(_("That municipality already has an organisation with this name."))
    audit.record(
        AuditAction.ORGANISATION_ADDED, actor=admin, organisation_id=organisation.id, detail=kind
    )
    return organisation
