"""The record of what was done to staff accounts and organisations: who, what, when.

Every domain function that changes an account writes its event here, in its own
transaction, so that the change and its record land together or not at all."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import AuditAction, AuditEvent
from portal.database import db, utcnow
from portal.staff.models import Staff, StaffRole

LABELS: dict[AuditAction, LazyString] = {
    AuditAction.INVITED: _l("Invited"),
    AuditAction.JOINED: _l("Chose a password and joined"),
    AuditAction.ROLE_CHANGED: _l("Role changed"),
    AuditAction.DEACTIVATED: _l("Deactivated"),
    AuditAction.REACTIVATED: _l("Reactivated"),
    AuditAction.RESET: _l("Sign-in reset"),
    AuditAction.PASSWORD_CHANGED: _l("Password changed"),
    AuditAction.TWO_FACTOR_SET_UP: _l("Two-factor sign-in set up"),
    AuditAction.RECOVERY_CODES_MADE: _l("New recovery codes made"),
    AuditAction.RECOVERY_CODE_USED: _l("Recovery code used to sign in"),
    AuditAction.ORGANISATION_ADDED: _l("Organisation added"),
    AuditAction.COUNTY_SET_UP: _l("County set up"),
    AuditAction.FOLLOW_UP_CHANGED: _l("Follow-up changed"),
}


def record(
    action: AuditAction,
    *,
    actor: Staff | None,
    subject: Staff | None = None,
    organisation_id: int | None = None,
    detail: str = "",
) -> None:
    """In the caller's transaction. `actor` None: done on the command line."""
    if organisation_id is None:
        assert subject is not None, "an event concerns a member of staff or an organisation"
        organisation_id = subject.organisation_id
    db.session.add(
        AuditEvent(
            at=utcnow(),
            actor_id=actor.id if actor else None,
            action=action,
            subject_id=subject.id if subject else None,
            organisation_id=organisation_id,
            detail=detail,
        )
    )


def events(
    *, organisation_ids: list[int] | None = None, staff_id: int | None = None, limit: int = 200
) -> list[AuditEvent]:
    """The newest events of some organisations, or about (or by) one member of staff."""
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor), joinedload(AuditEvent.subject))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    if organisation_ids is not None:
        query = query.where(AuditEvent.organisation_id.in_(organisation_ids))
    if staff_id is not None:
        query = query.where(or_(AuditEvent.subject_id == staff_id, AuditEvent.actor_id == staff_id))
    return list(db.session.scalars(query))


def describe(event: AuditEvent) -> str:
    """The event in the reader's language, with the roles where a role was given."""
    roles = [StaffRole(code) for code in event.detail.split(">") if code in set(StaffRole)]
    if event.action == AuditAction.ROLE_CHANGED and len(roles) == 2:
        return _("Role changed from %(old)s to %(new)s", old=roles[0].label, new=roles[1].label)
    if event.action == AuditAction.INVITED and len(roles) == 1:
        return _("Invited as %(role)s", role=roles[0].label)
    if event.action == AuditAction.FOLLOW_UP_CHANGED:
        if event.detail == "county":
            return _("Now follows up every municipality in the county")
        return _("Now follows up their own municipality")
    return str(LABELS[AuditAction(event.action)])
