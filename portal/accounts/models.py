"""What a staff account needs beyond its row: one-time set-up links, the second factor,
recovery codes, and the record of what administrators did."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.organisations.models import Organisation
from portal.staff.models import Staff


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class StaffLink(Model):
    """A one-time link where a member of staff chooses a password: sent when they are
    invited or their sign-in is reset. Only the SHA-256 of its token is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class TwoFactor(Model):
    """A staff member's authenticator app (TOTP). The shared secret cannot be hashed, since
    the server must compute codes from it: it is kept encrypted with a key derived from
    SECRET_KEY (see two_factor.py), so that a copy of the database alone does not give it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), unique=True)
    secret_encrypted: Mapped[str] = mapped_column(String(200))
    # When the person confirmed it with a code from the app; only then is it stored.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The time step of the last code accepted: a code is never accepted twice.
    last_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(Model):
    """A one-time code for when the authenticator app is lost. Kept as an HMAC."""

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditAction(StrEnum):
    INVITED = "invited"
    JOINED = "joined"
    ROLE_CHANGED = "role_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    RESET = "reset"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105  (a name, not a password)
    TWO_FACTOR_SET_UP = "two_factor_set_up"
    RECOVERY_CODES_MADE = "recovery_codes_made"
    RECOVERY_CODE_USED = "recovery_code_used"
    ORGANISATION_ADDED = "organisation_added"
    COUNTY_SET_UP = "county_set_up"
    FOLLOW_UP_CHANGED = "follow_up_changed"  # a coordinator's reach: municipality or county


class AuditEvent(Model):
    """Who did what to which staff account or organisation, and when. Written once."""

    __table_args__ = (Index("ix_audit_event_organisation_at", "organisation_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None when done from the command line by whoever runs the server.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[AuditAction] = mapped_column(String(30))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    # What changed, in codes (e.g. a role "caseworker>administrator"), never free text.
    detail: Mapped[str] = mapped_column(String(100), default="")

    actor: Mapped[Staff | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[Staff | None] = relationship(foreign_keys=[subject_id])
    organisation: Mapped[Organisation] = relationship()


@event.listens_for(AuditEvent, "before_update")
def _audit_events_are_never_edited(mapper: object, connection: object, target: AuditEvent) -> None:
    raise RuntimeError("The audit log is only ever appended to.")
