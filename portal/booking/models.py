"""Occasions, their meetings, the seats booked on them, and attendance.

Capacity is the database's to enforce: `Occasion.seats_taken` counts the confirmed and
offered bookings, a CHECK keeps it within `capacity`, and it only ever moves by a conditional
UPDATE (see capacity.take_seat). A partial unique index lets a participant hold at most one
active booking (confirmed, waiting or offered) per occasion.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from flask_babel import LazyString, get_locale
from flask_babel import gettext as _
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from portal.booking.vocabulary import AbsenceReason, AttendanceStatus, OccasionType
from portal.database import Model, UTCDateTime, utcnow
from portal.i18n import Language, language, name_for_reader
from portal.organisations.models import Municipality, Organisation
from portal.participants.models import Participant
from portal.phrasebook import Notes, notes
from portal.places import Place
from portal.staff.models import Staff


class Occasion(Model):
    """A bookable unit: one meeting, or a series (a civic orientation course) booked whole."""

    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_occasion_municipality_starts", "municipality_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The provider: an SFI school or a civic orientation provider.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Where it takes place.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    kind: Mapped[OccasionType] = mapped_column(String(40))
    # The title is made from the type and the language of instruction, in the reader's
    # language; this is the provider's own addition to it ("spring course"), if any.
    title: Mapped[str] = mapped_column(String(200), default="")
    # Language of instruction, a code from vocabulary.INSTRUCTION_LANGUAGES.
    language: Mapped[str] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(200))
    # Notes from the phrasebook ([{"id", "values"}]), shown in the reader's language.
    phrases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The provider's own words, shown as written.
    description: Mapped[str] = mapped_column(Text, default="")
    # The language the provider wrote `title` and `description` in.
    written_in: Mapped[str] = mapped_column(String(12), default="sv")
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    # False: only participants who live in `municipality_id` may book.
    open_to_county: Mapped[bool] = mapped_column(Boolean, default=True)
    book_by: Mapped[datetime] = mapped_column(UTCDateTime)
    cancel_by: Mapped[datetime] = mapped_column(UTCDateTime)
    # The first meeting's start and the last one's end, kept with the meetings by publish().
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Cancelled by its provider: nobody can book it, and every booking on it is cancelled.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="occasion", order_by="Meeting.starts_at", cascade="all, delete-orphan"
    )

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken

    @property
    def kind_label(self) -> LazyString:
        return OccasionType(self.kind).label

    @property
    def heading(self) -> str:
        """Its title in the reader's language, from its type and language of instruction:
        "Civic orientation in Arabic"."""
        return occasion_heading(self.kind, self.language)

    @property
    def writer_language(self) -> Language:
        """The language of the provider's own words (the title's addition, the notes)."""
        return language(self.written_in)

    @property
    def notes(self) -> Notes:
        return notes(self.phrases, self.description, self.written_in)

    @property
    def place(self) -> Place:
        return Place(self.address, self.municipality.name)


def occasion_heading(kind: str, language: str) -> str:
    """An occasion's heading from its type and language alone (Occasion.heading)."""
    return _heading(str(get_locale()), kind, language)


@lru_cache(maxsize=1024)
def _heading(reader: str, kind: str, language: str) -> str:
    """Once per reader's language, type and language of instruction: every page about
    occasions names each one, the schedule each booked meeting (issue 13)."""
    return _(
        "%(type)s in %(language)s",
        type=OccasionType(kind).label,
        language=name_for_reader(language),
    )


class Meeting(Model):
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey("occasion.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Cancelled by its provider: the occasion's other meetings go on.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    occasion: Mapped[Occasion] = relationship(back_populates="meetings")


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"  # holds a seat
    WAITING = "waiting"  # in the queue, in order of id
    OFFERED = "offered"  # holds a seat until offer_expires_at, for the person to accept
    CANCELLED = "cancelled"  # by the participant or their caseworker
    LAPSED = "lapsed"  # an offer that was not accepted in time


ACTIVE = (BookingStatus.CONFIRMED, BookingStatus.WAITING, BookingStatus.OFFERED)
HOLDS_SEAT = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
_ACTIVE_SQL = "status IN ('confirmed', 'waiting', 'offered')"


class Booking(Model):
    """One participant's place on an occasion, or in its waiting list. Never deleted: a
    cancelled booking stays on record."""

    __table_args__ = (
        # One active booking per participant and occasion, whatever happens at once.
        Index(
            "uq_booking_one_active",
            "occasion_id",
            "participant_id",
            unique=True,
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
        Index("ix_booking_queue", "occasion_id", "status", "id"),
        Index("ix_booking_offers", "status", "offer_expires_at"),
        CheckConstraint(
            "status IN ('confirmed', 'waiting', 'offered', 'cancelled', 'lapsed')",
            name="known_status",
        ),
        CheckConstraint(
            "status != 'offered' OR offer_expires_at IS NOT NULL", name="offer_expires"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey("occasion.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    status: Mapped[BookingStatus] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A caseworker who booked on the participant's behalf.
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    occasion: Mapped[Occasion] = relationship()
    participant: Mapped[Participant] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(back_populates="booking")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class Attendance(Model):
    """Whether a booked participant came to one meeting, as the provider marked it."""

    __table_args__ = (UniqueConstraint("booking_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(String(10))
    # For an absence: whether the provider accepted the reason (AbsenceReason), or None.
    reason: Mapped[AbsenceReason | None] = mapped_column(String(10))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    booking: Mapped[Booking] = relationship(back_populates="attendance")
    meeting: Mapped[Meeting] = relationship()
    marked_by: Mapped[Staff | None] = relationship()


class BookingReminder(Model):
    """The day-before reminder for one booking and one day of meetings. The unique pair is
    what keeps concurrent runs of `send-reminders` from sending it twice."""

    __table_args__ = (UniqueConstraint("booking_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"))
    # The day of the meetings reminded of, in Sweden.
    day: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def occasion_loading(meetings: bool = True) -> list[LoaderOption]:
    """What a page about occasions shows with each: its place and provider, and its meetings
    unless the page reads their times as rows (booking/meeting_times.py)."""
    shown: list[LoaderOption] = [
        joinedload(Occasion.municipality),
        joinedload(Occasion.organisation),
    ]
    return [selectinload(Occasion.meetings), *shown] if meetings else shown


def booking_loading(meetings: bool = True) -> list[LoaderOption]:
    """What a page about bookings shows with each: the occasion as above, and attendance."""
    occasion = joinedload(Booking.occasion)
    shown = [occasion.joinedload(Occasion.municipality), occasion.joinedload(Occasion.organisation)]
    if meetings:
        shown.append(occasion.selectinload(Occasion.meetings))
    return [*shown, selectinload(Booking.attendance)]
