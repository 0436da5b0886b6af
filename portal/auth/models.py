from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.participants.models import Participant
from portal.staff.models import Staff


class Invitation(Model):
    """A link sent by SMS. Only the SHA-256 of its token is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship()
    created_by: Mapped[Staff | None] = relationship()

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class CodePurpose(StrEnum):
    SIGN_IN = "sign_in"
    APPROVE = "approve"


class OneTimeCode(Model):
    """A six-digit code sent by SMS. Kept as an HMAC; dies on use, expiry or too many tries."""

    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[CodePurpose] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(20))
    # None when someone signs in by number and the number is shared by several participants:
    # they choose who they are after the code proves they hold the phone.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))
    plan_version_id: Mapped[int | None] = mapped_column(ForeignKey("plan_version.id"))
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship()


class SessionEnd(StrEnum):
    """Why a session was ended from the server, when it was not its own sign-out."""

    SIGNED_OUT = "signed_out"
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"  # by a caseworker
    PHONE_CHANGED = "phone_changed"
    NEW_LINK = "new_link"
    ACCOUNT_CHANGED = "account_changed"  # staff: deactivated, reset, password changed


class LoginSession(Model):
    """One signed-in browser. The cookie holds a random token; the database only its hash,
    so that a session can be ended from the server side."""

    __table_args__ = (
        CheckConstraint(
            "(staff_id IS NULL) <> (participant_id IS NULL)", name="exactly_one_principal"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("one_time_code.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The last request, to the minute (see sessions.load_principal): an idle session ends.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[SessionEnd | None] = mapped_column(String(30))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(400))

    staff: Mapped[Staff | None] = relationship(foreign_keys=[staff_id])
    participant: Mapped[Participant | None] = relationship()


class PendingSignIn(Model):
    """A sign-in waiting for its code, in one browser. The browser keeps only a random
    handle (its hash is here), so that its cookie says nothing of whether the number it
    asked for is registered: an unknown number gets a code too, one that is never sent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    handle_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_id: Mapped[int] = mapped_column(
        ForeignKey("one_time_code.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    code: Mapped[OneTimeCode] = relationship()
