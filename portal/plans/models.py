from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model, UTCDateTime, utcnow
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.staff.models import Staff
from portal.vocabulary import Area, OrganisationKind


def new_key() -> str:
    return uuid.uuid4().hex


class Plan(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", order_by="PlanVersion.id"
    )


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PlanVersion(Model):
    """A draft while the caseworker writes it; frozen and numbered once published."""

    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        # At most one draft per plan, whatever two caseworkers do at once.
        Index(
            "uq_plan_version_one_draft",
            "plan_id",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        CheckConstraint(
            "(status = 'draft' AND number IS NULL) OR (status = 'published' AND number > 0)",
            name="numbered_when_published",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[VersionStatus] = mapped_column(String(12), default=VersionStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The areas the version has activities in, one bit each (AREA_BITS), set when it is
    # published: the follow-up figures count plans by area from it.
    areas: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    plan: Mapped[Plan] = relationship(back_populates="versions")
    goals: Mapped[list[Goal]] = relationship(
        back_populates="version", order_by="Goal.id", cascade="all, delete-orphan"
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="version", order_by="Activity.id", cascade="all, delete-orphan"
    )
    published_by: Mapped[Staff | None] = relationship(foreign_keys=[published_by_id])

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Goal(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    # Carried over when a version is revised, so that versions can be compared item by item.
    key: Mapped[str] = mapped_column(String(32), default=new_key)
    area: Mapped[Area] = mapped_column(String(20))
    term: Mapped[Term] = mapped_column(String(10))
    kind: Mapped[GoalKind] = mapped_column(String(40))
    # Sentences from the phrasebook ([{"id", "values"}]), shown in the reader's language.
    phrases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The caseworker's own words, shown as written and marked with `note_language`.
    note: Mapped[str] = mapped_column(Text, default="")
    note_language: Mapped[str] = mapped_column(String(12), default="sv")

    version: Mapped[PlanVersion] = relationship(back_populates="goals")


class Activity(Model):
    __table_args__ = (
        CheckConstraint("weekdays >= 0 AND weekdays < 128", name="weekdays_bitmask"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    key: Mapped[str] = mapped_column(String(32), default=new_key)
    area: Mapped[Area] = mapped_column(String(20))
    kind: Mapped[ActivityType] = mapped_column(String(40))
    responsible: Mapped[OrganisationKind] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(200), default="")
    # The town the place is in, so that a map finds it; None for an activity with no place.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # Monday is bit 0, Sunday bit 6. Zero: no fixed weekly days.
    weekdays: Mapped[int] = mapped_column(Integer, default=0)
    # Wall-clock times in Sweden.
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    phrases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    note_language: Mapped[str] = mapped_column(String(12), default="sv")

    version: Mapped[PlanVersion] = relationship(back_populates="activities")
    municipality: Mapped[Municipality | None] = relationship()

    @property
    def days(self) -> list[int]:
        return [day for day in range(7) if self.weekdays & (1 << day)]


# One bit per area, for PlanVersion.areas.
AREA_BITS = {area: 1 << index for index, area in enumerate(Area)}


def area_bits(areas: Iterable[str]) -> int:
    return sum({AREA_BITS[Area(area)] for area in areas})


# What makes up a goal and an activity, for copying an item into a new version and for
# comparing versions item by item.
GOAL_FIELDS = ("key", "area", "term", "kind", "phrases", "note", "note_language")
ACTIVITY_FIELDS = (
    "key",
    "area",
    "kind",
    "responsible",
    "place",
    "municipality_id",
    "start_date",
    "end_date",
    "weekdays",
    "start_time",
    "end_time",
    "phrases",
    "note",
    "note_language",
)


class Approval(Model):
    """The participant's electronic signature on one plan version. Written once, never edited."""

    __table_args__ = (UniqueConstraint("participant_id", "plan_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"), index=True)
    # SHA-256 of `content`: the canonical plan exactly as it was shown, in `language`.
    content_sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(12))
    statement_version: Mapped[int] = mapped_column(Integer)
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(400))
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))
    login_session_id: Mapped[int | None] = mapped_column(ForeignKey("login_session.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("one_time_code.id"))
    # The chain (plans/approval_chain.py): the entry hash of the approval before this one
    # (or of the last one a checkpoint removed), and this row's own, over every column
    # above and `previous_sha256`. Unique, so that the chain cannot fork.
    previous_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    entry_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of the receipt's random id, which only the participant's receipt holds.
    receipt_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)

    version: Mapped[PlanVersion] = relationship()


class ApprovalCheckpoint(Model):
    """Where approvals past their retention time were removed from the start of the chain:
    how many, and the entry hash of the last one, so that what remains still verifies.
    Written once, like an approval; `last_approval_id` is no foreign key, the row is gone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed: Mapped[int] = mapped_column(Integer)
    first_previous_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    last_approval_id: Mapped[int] = mapped_column(Integer)
    last_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    last_approved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ApprovalCheck(Model):
    """One walk of the whole chain by `flask verify-approvals` (nightly), for the staff's
    page: the walk reads every approval, too slow to repeat on each visit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked: Mapped[int] = mapped_column(Integer)
    checkpoints: Mapped[int] = mapped_column(Integer)
    removed: Mapped[int] = mapped_column(Integer)
    head: Mapped[str] = mapped_column(String(64))
    # Where it broke first (approval_chain.BreakKind and the row), or None when intact.
    break_kind: Mapped[str | None] = mapped_column(String(20))
    break_row_id: Mapped[int | None] = mapped_column(Integer)


@event.listens_for(Approval, "before_update")
@event.listens_for(ApprovalCheckpoint, "before_update")
def _approvals_are_never_edited(mapper: object, connection: object, target: object) -> None:
    raise RuntimeError("An approval is a signature: it is never edited.")


@event.listens_for(Approval, "before_delete")
@event.listens_for(ApprovalCheckpoint, "before_delete")
def _approvals_are_never_deleted(mapper: object, connection: object, target: object) -> None:
    raise RuntimeError("An approval is a signature: it is never deleted.")


class ChangeRequest(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id"))
    message: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    version: Mapped[PlanVersion] = relationship()
    messages: Mapped[list[ChangeMessage]] = relationship(
        back_populates="change_request", order_by="ChangeMessage.id"
    )


class ChangeMessage(Model):
    """One message after the request in its conversation: the caseworker's answer, or the
    participant's reply to it. Kept as written, with its language; never translated."""

    id: Mapped[int] = mapped_column(primary_key=True)
    change_request_id: Mapped[int] = mapped_column(ForeignKey("change_request.id"), index=True)
    # The caseworker who wrote it; None when the participant did.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    change_request: Mapped[ChangeRequest] = relationship(back_populates="messages")
    staff: Mapped[Staff | None] = relationship()

    @property
    def from_participant(self) -> bool:
        return self.staff_id is None
