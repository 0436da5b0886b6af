"""Where each participant stands, for their caseworker: link, sign-in, plan, approval,
change requests, texts that did not arrive, missed meetings.

The facts live in their own tables (invitations, sign-ins, plan versions...). A copy of
what the caseworker's list needs is kept on the participant's row, so that a list of
100,000 is filtered and shown from one table: every domain function that changes one of
those facts calls `refresh(participant_id)` in its transaction, and one SQL statement
recomputes the copy from the facts (`refresh_statement`, also used for everyone at once by
the migration and `flask refresh-statuses`); a second one, from the copy, when each needs
attention (`attention_statement`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import Update, and_, case, exists, func, literal, null, or_, select, update
from sqlalchemy.orm import aliased

from portal.auth.models import Invitation, LoginSession
from portal.booking.models import Attendance, Booking
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus
from portal.database import UTCDateTime, db, utcnow
from portal.participants.models import Participant
from portal.plans.models import Approval, ChangeRequest, Plan, PlanVersion, VersionStatus
from portal.sms.models import GOT_THROUGH, NOT_DELIVERED, SmsMessage

FIELDS = (
    "link_sent_at",
    "link_expires_at",
    "link_opened_at",
    "link_used_at",
    "signed_in_at",
    "current_version",
    "published_at",
    "first_published_at",
    "approved_version",
    "approved_at",
    "first_approved_at",
    "open_change_requests",
    "change_requested_at",
    "text_failed_at",
    "missed_meetings",
)


def _facts() -> dict[str, Any]:
    """Each copied field as a subquery on the participant of the row being updated."""
    me = Participant.id

    def latest_link(column: Any) -> Any:
        return (
            select(column)
            .where(Invitation.participant_id == me)
            .order_by(Invitation.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    def published(column: Any) -> Any:
        return (
            select(column)
            .join(Plan, Plan.id == PlanVersion.plan_id)
            .where(Plan.participant_id == me, PlanVersion.status == VersionStatus.PUBLISHED)
            .scalar_subquery()
        )

    def latest_approval(column: Any) -> Any:
        return (
            select(column)
            .select_from(Approval)
            .join(PlanVersion, PlanVersion.id == Approval.plan_version_id)
            .where(Approval.participant_id == me)
            .order_by(Approval.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    def open_requests(column: Any) -> Any:
        return (
            select(column)
            .where(ChangeRequest.participant_id == me, ChangeRequest.handled_at.is_(None))
            .scalar_subquery()
        )

    later = aliased(SmsMessage)
    return {
        "link_sent_at": latest_link(Invitation.created_at),
        "link_expires_at": latest_link(Invitation.expires_at),
        "link_opened_at": latest_link(Invitation.opened_at),
        "link_used_at": latest_link(Invitation.used_at),
        "signed_in_at": select(func.max(LoginSession.created_at))
        .where(LoginSession.participant_id == me)
        .scalar_subquery(),
        "current_version": published(func.max(PlanVersion.number)),
        "published_at": published(func.max(PlanVersion.published_at)),
        "first_published_at": published(func.min(PlanVersion.published_at)),
        "approved_version": latest_approval(PlanVersion.number),
        "approved_at": latest_approval(Approval.approved_at),
        "first_approved_at": select(func.min(Approval.approved_at))
        .where(Approval.participant_id == me)
        .scalar_subquery(),
        "open_change_requests": open_requests(func.count()),
        "change_requested_at": open_requests(func.min(ChangeRequest.created_at)),
        # The newest text that did not reach them (failed either way, dropped unsent, or
        # perhaps never sent), unless a later one got through: they need a phone call.
        "text_failed_at": select(func.max(SmsMessage.created_at))
        .where(
            SmsMessage.participant_id == me,
            SmsMessage.status.in_(NOT_DELIVERED),
            ~exists().where(
                later.participant_id == SmsMessage.participant_id,
                later.status.in_(GOT_THROUGH),
                later.id > SmsMessage.id,
            ),
        )
        .scalar_subquery(),
        "missed_meetings": select(func.count())
        .select_from(Attendance)
        .join(Booking, Booking.id == Attendance.booking_id)
        .where(
            Booking.participant_id == me,
            Attendance.status == AttendanceStatus.ABSENT,
            (Attendance.reason.is_(None)) | (Attendance.reason != AbsenceReason.VALID),
        )
        .scalar_subquery(),
    }


# When someone needs attention whatever the moment: a change requested, a text that did not
# arrive, a meeting missed, a plan whose link was never sent.
ATTENTION_ALWAYS = datetime(1970, 1, 1, tzinfo=UTC)
ATTENTION_FIELDS = ("attention_from", "waiting_since")
# Copied later than FIELDS, by the second statement (the migration that added FIELDS runs
# the first one, which must not name columns added after it).
LATER_FIELDS = ("current_areas",)


def waiting_for_approval() -> Any:
    """A published plan whose newest version they have not approved."""
    P = Participant
    return and_(
        P.current_version.is_not(None),
        or_(P.approved_version.is_(None), P.approved_version != P.current_version),
    )


# What the desk filters on and "needs attention" is made of, asked of the copy on the row.
def not_sent() -> Any:
    return Participant.link_sent_at.is_(None)


def change_open() -> Any:
    return Participant.open_change_requests > 0


def sms_failed() -> Any:
    return Participant.text_failed_at.is_not(None)


def missed() -> Any:
    return Participant.missed_meetings > 0


def _attention() -> dict[str, Any]:
    """When they need attention, from the copy on their row: "needs attention" on the desk is
    then `attention_from <= now OR waiting_since <= now - days` (participants.desk), which
    means the same as each of its conditions asked of the copy at that moment."""
    P = Participant
    at_once = or_(
        change_open(),
        sms_failed(),
        missed(),
        and_(not_sent(), P.current_version.is_not(None)),
    )
    return {
        "attention_from": case(
            (at_once, literal(ATTENTION_ALWAYS, UTCDateTime())),
            (P.link_used_at.is_(None), P.link_expires_at),  # once the unused link expires
            else_=null(),
        ),
        "waiting_since": case(
            (and_(P.signed_in_at.is_not(None), waiting_for_approval()), P.published_at),
            else_=null(),
        ),
    }


def _later_facts() -> dict[str, Any]:
    newest = (
        select(PlanVersion.areas)
        .join(Plan, Plan.id == PlanVersion.plan_id)
        .where(Plan.participant_id == Participant.id, PlanVersion.status == VersionStatus.PUBLISHED)
        .order_by(PlanVersion.number.desc())
        .limit(1)
        .scalar_subquery()
    )
    return {"current_areas": newest}


def attention_statement(participant_id: int | None = None) -> Update:
    """The statement that recomputes when they need attention from the copy, which
    `refresh_statement` has just brought up to date, and the facts copied since
    (`LATER_FIELDS`): for one participant, or for everyone."""
    statement = update(Participant).values(**_attention(), **_later_facts())
    if participant_id is not None:
        statement = statement.where(Participant.id == participant_id)
    return statement.execution_options(synchronize_session=False)


def refresh_statement(participant_id: int | None = None) -> Update:
    """The statement that recomputes the copy: for one participant, or for everyone."""
    statement = update(Participant).values(**_facts())
    if participant_id is not None:
        statement = statement.where(Participant.id == participant_id)
    return statement.execution_options(synchronize_session=False)


def refresh(participant_id: int | None) -> None:
    """Recompute where the participant stands; call inside the transaction that changed it."""
    if participant_id is None:
        return
    db.session.execute(refresh_statement(participant_id))
    db.session.execute(attention_statement(participant_id))
    loaded = db.session.identity_map.get(db.session.identity_key(Participant, participant_id))
    if loaded is not None:
        db.session.expire(loaded, [*FIELDS, *ATTENTION_FIELDS, *LATER_FIELDS])


def refresh_all() -> None:
    db.session.execute(refresh_statement())
    db.session.execute(attention_statement())


@dataclass
class Status:
    link_sent_at: datetime | None = None
    link_expires_at: datetime | None = None
    link_opened_at: datetime | None = None
    link_used_at: datetime | None = None
    signed_in_at: datetime | None = None
    current_version: int | None = None
    published_at: datetime | None = None
    first_published_at: datetime | None = None
    approved_version: int | None = None
    approved_at: datetime | None = None
    first_approved_at: datetime | None = None
    open_change_requests: int = 0
    change_requested_at: datetime | None = None
    text_failed_at: datetime | None = None
    missed_meetings: int = 0

    @classmethod
    def of(cls, participant: Participant) -> Status:
        return cls(**{name: getattr(participant, name) for name in FIELDS})

    @property
    def link_expired(self) -> bool:
        return (
            self.link_used_at is None
            and self.link_expires_at is not None
            and self.link_expires_at <= utcnow()
        )

    @property
    def needs_approval(self) -> bool:
        return self.current_version is not None and self.approved_version != self.current_version

    @property
    def since(self) -> datetime | None:
        """When the summary became true: the list shows it beside the summary."""
        if self.open_change_requests:
            return self.change_requested_at
        if self.current_version is None:
            return None
        if not self.needs_approval:
            return self.approved_at
        if self.approved_version is not None:
            return self.published_at
        for moment in (self.signed_in_at, self.link_opened_at):
            if moment:
                return moment
        if self.link_sent_at and not self.link_expired:
            return self.link_sent_at
        if self.link_sent_at:
            return self.link_expires_at
        return self.published_at

    @property
    def summary(self) -> LazyString:
        """The one thing a caseworker most needs to know, for the list of participants."""
        if self.open_change_requests:
            return _l("Change requested")
        if self.current_version is None:
            return _l("Plan not published")
        if not self.needs_approval:
            return _l("Plan approved")
        if self.approved_version is not None:
            return _l("New version not yet approved")
        if self.signed_in_at:
            return _l("Signed in, not yet approved")
        if self.link_opened_at:
            return _l("Link opened")
        if self.link_sent_at and not self.link_expired:
            return _l("Link sent")
        if self.link_sent_at:
            return _l("Link expired")
        return _l("Link not sent")


def status(participant: Participant) -> Status:
    return Status.of(participant)
