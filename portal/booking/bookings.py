"""Finding a participant's bookings: all of them, one of them, those in a week, and where
they stand on a waiting list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from portal.booking.capacity import Place
from portal.booking.meeting_times import MeetingTime, meeting_times
from portal.booking.models import (
    ACTIVE,
    Booking,
    BookingStatus,
    Meeting,
    Occasion,
    booking_loading,
)
from portal.booking.rules import NotYours
from portal.database import db
from portal.organisations.models import Municipality, Organisation


def active_bookings(participant_id: int, occasion_ids: Iterable[int]) -> dict[int, Booking]:
    """The participant's active booking on each of these occasions, by occasion id."""
    ids = list(occasion_ids)
    if not ids:
        return {}
    return {
        booking.occasion_id: booking
        for booking in db.session.scalars(
            select(Booking).where(
                Booking.participant_id == participant_id,
                Booking.occasion_id.in_(ids),
                Booking.status.in_(ACTIVE),
            )
        )
    }


def waiting_position(booking: Booking | Place) -> int:
    """1 for the first in line."""
    return int(
        db.session.scalar(
            select(func.count()).where(
                Booking.occasion_id == booking.occasion_id,
                Booking.status == BookingStatus.WAITING,
                Booking.id <= booking.id,
            )
        )
        or 0
    )


def waiting_positions(bookings: Iterable[Booking]) -> dict[int, int]:
    """Where each waiting booking stands in its queue, by booking id: one query for all."""
    ids = [b.id for b in bookings if b.status == BookingStatus.WAITING]
    if not ids:
        return {}
    ahead = aliased(Booking)
    return {
        booking_id: int(position)
        for booking_id, position in db.session.execute(
            select(Booking.id, func.count(ahead.id))
            .join(
                ahead,
                (ahead.occasion_id == Booking.occasion_id)
                & (ahead.status == BookingStatus.WAITING)
                & (ahead.id <= Booking.id),
            )
            .where(Booking.id.in_(ids))
            .group_by(Booking.id)
        )
    }


def bookings_of(participant_id: int, *, meetings: bool = True) -> list[Booking]:
    """All of a participant's bookings, active and not, soonest occasion first; without
    `meetings`, their occasions' meetings are not loaded (see bookings_with_times)."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(Occasion, Occasion.id == Booking.occasion_id)
            .where(Booking.participant_id == participant_id)
            .options(*booking_loading(meetings))
            .order_by(Occasion.starts_at, Booking.id)
        ).unique()
    )


def bookings_with_times(
    participant_id: int,
) -> tuple[list[Booking], dict[int, list[MeetingTime]]]:
    """All of a participant's bookings, and each occasion's meetings as times read as rows,
    by occasion id: what the lists of bookings show, without an object per meeting."""
    bookings = bookings_of(participant_id, meetings=False)
    return bookings, meeting_times(sorted({booking.occasion_id for booking in bookings}))


def booking_of(participant_id: int, booking_id: int) -> Booking:
    """The participant's own booking; NotYours for anyone else's or none."""
    booking = db.session.scalar(
        select(Booking).where(Booking.id == booking_id).options(*booking_loading())
    )
    if booking is None or booking.participant_id != participant_id:
        raise NotYours(_("This booking is not one of yours, or it does not exist."))
    return booking


def bookings_between(participant_id: int, start: datetime, end: datetime) -> list[Booking]:
    """Confirmed bookings with at least one meeting in [start, end) (aware datetimes, UTC),
    with their occasions and all of the occasions' meetings loaded, soonest first.

    For the weekly schedule: keep the meetings of each `booking.occasion.meetings` that
    overlap the range (or use `booked_meetings_between`)."""
    in_range = exists().where(
        Meeting.occasion_id == Booking.occasion_id,
        Meeting.starts_at < end,
        Meeting.ends_at > start,
        Meeting.cancelled_at.is_(None),
    )
    return list(
        db.session.scalars(
            select(Booking)
            .join(Occasion, Occasion.id == Booking.occasion_id)
            .where(
                Booking.participant_id == participant_id,
                Booking.status == BookingStatus.CONFIRMED,
                in_range,
            )
            .options(*booking_loading())
            .order_by(Occasion.starts_at, Booking.id)
        ).unique()
    )


@dataclass(frozen=True)
class BookedMeeting:
    """A booked meeting as the schedule shows it, read as one row."""

    booking_id: int
    meeting_id: int
    occasion_id: int
    starts_at: datetime
    ends_at: datetime
    kind: str
    language: str
    address: str
    town: str
    provider: str


def booked_meetings_between(
    participant_id: int, start: datetime, end: datetime
) -> list[BookedMeeting]:
    """Each booked meeting that overlaps [start, end), with what the schedule shows of its
    occasion, place and provider, in time order: one query of plain rows (the week, the
    start page and the offer's clash check all ask; objects for each were most of its cost)."""
    rows = db.session.execute(
        select(
            Booking.id.label("booking_id"),
            Meeting.id.label("meeting_id"),
            Occasion.id.label("occasion_id"),
            Meeting.starts_at,
            Meeting.ends_at,
            Occasion.kind,
            Occasion.language,
            Occasion.address,
            Municipality.name.label("town"),
            Organisation.name.label("provider"),
        )
        .select_from(Booking)
        .join(Occasion, Occasion.id == Booking.occasion_id)
        .join(Municipality, Municipality.id == Occasion.municipality_id)
        .join(Organisation, Organisation.id == Occasion.organisation_id)
        .join(Meeting, Meeting.occasion_id == Booking.occasion_id)
        .where(
            Booking.participant_id == participant_id,
            Booking.status == BookingStatus.CONFIRMED,
            Meeting.starts_at < end,
            Meeting.ends_at > start,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [BookedMeeting(**row._asdict()) for row in rows]
