"""Whom an administrator may manage: an organisation's administrator their own
organisation; a county administrator every organisation of their county. Anything else
answers 404, so that nobody learns what exists outside their reach."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.database import db
from portal.organisations.models import Municipality, Organisation
from portal.staff.models import Staff, StaffRole


def county_id_of(staff: Staff) -> int:
    return staff.organisation.municipality.county_id


def is_county_administrator(staff: Staff) -> bool:
    return staff.role == StaffRole.COUNTY_ADMINISTRATOR


def may_manage_organisation(admin: Staff, organisation: Organisation) -> bool:
    if admin.role == StaffRole.COUNTY_ADMINISTRATOR:
        return organisation.municipality.county_id == county_id_of(admin)
    if admin.role == StaffRole.ADMINISTRATOR:
        return organisation.id == admin.organisation_id
    return False


def organisation_for(admin: Staff, organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not may_manage_organisation(admin, organisation):
        abort(404)
    return organisation


def may_manage_staff(admin: Staff, staff: Staff) -> bool:
    """Within reach, and not above the administrator: an organisation's administrator
    cannot reset (and so take over) a county administrator's account."""
    return may_manage_organisation(admin, staff.organisation) and staff.role in assignable_roles(
        admin
    )


def staff_for(admin: Staff, staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None or not may_manage_staff(admin, staff):
        abort(404)
    return staff


def organisations_of(admin: Staff) -> list[Organisation]:
    """Every organisation the administrator manages, by municipality and name."""
    if admin.role == StaffRole.ADMINISTRATOR:
        return [admin.organisation]
    if admin.role != StaffRole.COUNTY_ADMINISTRATOR:
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(Municipality, Organisation.municipality_id == Municipality.id)
            .where(Municipality.county_id == county_id_of(admin))
            .options(joinedload(Organisation.municipality))
            .order_by(Municipality.name, Organisation.name)
        )
    )


def assignable_roles(admin: Staff) -> list[StaffRole]:
    """The roles an administrator may give: never more than their own."""
    roles = [
        StaffRole.CASEWORKER,
        StaffRole.PROVIDER,
        StaffRole.COORDINATOR,
        StaffRole.ADMINISTRATOR,
    ]
    if admin.role == StaffRole.COUNTY_ADMINISTRATOR:
        roles.append(StaffRole.COUNTY_ADMINISTRATOR)
    return roles


def staff_of(organisation: Organisation) -> list[Staff]:
    return list(
        db.session.scalars(
            select(Staff)
            .where(Staff.organisation_id == organisation.id)
            .order_by(Staff.active.desc(), Staff.name, Staff.id)
        )
    )
