"""What administrators do to staff accounts, and what staff do to their own password.
Each is one transaction that also writes its line in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.accounts import audit, links, two_factor
from portal.accounts.models import AuditAction, LinkPurpose, StaffLink
from portal.auth.passwords import hash_password, matches
from portal.auth.sessions import end_sessions
from portal.database import db, transaction
from portal.organisations.models import Organisation
from portal.staff.models import ADMINISTRATORS, Staff, StaffRole


class AccountError(Exception):
    """Refused, with a message for the person who asked, in their language."""


@dataclass
class Invitee:
    name: str
    email: str
    role: StaffRole
    phone: str | None = None
    # A coordinator who follows up the whole county, not only their municipality.
    county_wide: bool = False


def email_taken(email: str) -> bool:
    return bool(
        db.session.scalar(
            select(func.count()).where(func.lower(Staff.email) == email.strip().lower())
        )
    )


@transaction
def invite(
    organisation: Organisation, invitee: Invitee, by: Staff | None, by_sms: bool = False
) -> tuple[Staff, str]:
    """A new account without a password, and the one-time link where its owner chooses one."""
    return add_invited(organisation, invitee, by, by_sms)


def add_invited(
    organisation: Organisation, invitee: Invitee, by: Staff | None, by_sms: bool = False
) -> tuple[Staff, str]:
    """As `invite`, in the caller's transaction."""
    if email_taken(invitee.email):
        raise AccountError(_("Someone already has an account with this email address."))
    if by_sms and not invitee.phone:
        raise AccountError(_("Enter a work mobile number to send the link to."))
    staff = Staff(
        organisation=organisation,
        email=invitee.email.strip().lower(),
        name=invitee.name,
        role=invitee.role,
        phone=invitee.phone or None,
        county_wide=invitee.county_wide and invitee.role == StaffRole.COORDINATOR,
        password_hash=None,
        active=True,
    )
    db.session.add(staff)
    db.session.flush()
    audit.record(AuditAction.INVITED, actor=by, subject=staff, detail=invitee.role.value)
    return staff, links.issue(staff, LinkPurpose.INVITATION, by, by_sms=by_sms)


def _not_yourself(admin: Staff, staff: Staff) -> None:
    if admin.id == staff.id:
        raise AccountError(_("Ask another administrator to change your own account."))


@transaction
def change_role(admin: Staff, staff: Staff, role: StaffRole) -> None:
    _not_yourself(admin, staff)
    if role == staff.role:
        return
    detail = f"{staff.role}>{role}"
    staff.role = role
    audit.record(AuditAction.ROLE_CHANGED, actor=admin, subject=staff, detail=detail)
    if staff.county_wide and role != StaffRole.COORDINATOR:
        staff.county_wide = False  # a coordinator's reach goes with the role
        audit.record(AuditAction.FOLLOW_UP_CHANGED, actor=admin, subject=staff, detail="")


def may_set_follow_up(admin: Staff, staff: Staff) -> bool:
    """Only a county administrator decides that a coordinator sees the whole county's
    figures (and only within their county: accounts.scope)."""
    return (
        admin.role == StaffRole.COUNTY_ADMINISTRATOR
        and staff.role == StaffRole.COORDINATOR
        and admin.id != staff.id
    )


@transaction
def set_follow_up(admin: Staff, staff: Staff, county_wide: bool) -> None:
    if not may_set_follow_up(admin, staff):
        raise AccountError(
            _("Only a county administrator can change what a coordinator follows up.")
        )
    if staff.county_wide == county_wide:
        return
    staff.county_wide = county_wide
    audit.record(
        AuditAction.FOLLOW_UP_CHANGED,
        actor=admin,
        subject=staff,
        detail="county" if county_wide else "",
    )


@transaction
def deactivate(admin: Staff, staff: Staff) -> int:
    """No more sign-ins, and every open session ends now; returns how many ended."""
    _not_yourself(admin, staff)
    staff.active = False
    links.revoke_unused(staff)
    audit.record(AuditAction.DEACTIVATED, actor=admin, subject=staff)
    return end_sessions(staff_id=staff.id)


@transaction
def reactivate(admin: Staff, staff: Staff) -> None:
    staff.active = True
    audit.record(AuditAction.REACTIVATED, actor=admin, subject=staff)


@transaction
def reset(admin: Staff, staff: Staff, by_sms: bool = False) -> str:
    """The password and the second factor stop working, sessions end, and a new one-time
    link lets the person choose again. Returns the link."""
    _not_yourself(admin, staff)
    if by_sms and not staff.phone:
        raise AccountError(_("This person has no work mobile number to send the link to."))
    staff.password_hash = None
    two_factor.remove(staff)
    end_sessions(staff_id=staff.id)
    audit.record(AuditAction.RESET, actor=admin, subject=staff)
    return links.issue(staff, LinkPurpose.RESET, admin, by_sms=by_sms)


def password_problem(password: str, staff: Staff) -> str | None:
    """What is wrong with a new password, or None."""
    minimum = current_app.config["STAFF_PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("Choose a password of at least %(num)d characters.", num=minimum)
    if password.strip().lower() == staff.email.lower():
        return _("Choose a password that is not your email address.")
    return None


@transaction
def choose_password(link: StaffLink, password: str) -> Staff:
    """Through a set-up link: the password is set and the link is spent."""
    staff = link.staff
    if not links.mark_used(link):
        raise AccountError(_("This link has already been used."))
    staff.password_hash = hash_password(password)
    joined = link.purpose == LinkPurpose.INVITATION
    audit.record(
        AuditAction.JOINED if joined else AuditAction.PASSWORD_CHANGED, actor=staff, subject=staff
    )
    return staff


@transaction
def change_own_password(staff: Staff, current: str, new: str, keep_login_id: int) -> int:
    """Every other session of the person ends; returns how many."""
    if not matches(staff.password_hash, current):
        raise AccountError(_("Your current password is wrong."))
    staff.password_hash = hash_password(new)
    audit.record(AuditAction.PASSWORD_CHANGED, actor=staff, subject=staff)
    return end_sessions(staff_id=staff.id, keep_login_id=keep_login_id)


def is_administrator(staff: Staff) -> bool:
    return staff.role in ADMINISTRATORS
