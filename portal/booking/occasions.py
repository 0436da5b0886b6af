"""Publishing occasions, and what their provider sees of them: the list, attendees and the
waiting list."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.booking.models import (
    HOLDS_SEAT,
    Booking,
    BookingStatus,
    Meeting,
    Occasion,
    occasion_loading,
)
from portal.booking.rules import BookingError
from portal.booking.vocabulary import AbsenceReason, AttendanceStatus, OccasionType
from portal.database import db, transaction, utcnow
from portal.dates import date_time, local_zone
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.staff.models import Staff

MAX_MEETINGS = 100


@dataclass
class OccasionDetails:
    kind: OccasionType
    title: str
    language: str
    address: str
    municipality_id: int
    capacity: int
    open_to_county: bool
    book_by: datetime
    cancel_by: datetime
    description: str = ""
    # Sentences from the phrasebook, as stored: [{"id": ..., "values": {...}}].
    phrases: list[dict[str, Any]] = field(default_factory=list)
    # The language of `title` (the addition to the title) and `description`.
    written_in: str = "sv"


def local_time(day: date, clock: time) -> datetime:
    """A wall-clock time in Sweden as an aware UTC timestamp."""
    return datetime.combine(day, clock, tzinfo=local_zone()).astimezone(UTC)


def meeting_times(
    first: date, last: date | None, weekdays: Iterable[int], start: time, end: time
) -> list[tuple[datetime, datetime]]:
    """One meeting on `first`; or, for a series, one on each chosen weekday from `first` to
    `last` (the weekday of `first` when none is chosen)."""
    days = [first]
    if last is not None and last > first:
        wanted = set(weekdays) or {first.weekday()}
        span = (first + timedelta(days=n) for n in range((last - first).days + 1))
        days = [day for day in span if day.weekday() in wanted]
    return [(local_time(day, start), local_time(day, end)) for day in days]


@transaction
def publish(
    staff: Staff,
    details: OccasionDetails,
    meetings: list[tuple[datetime, datetime]],
    now: datetime | None = None,
) -> Occasion:
    now = now or utcnow()
    meetings = sorted(meetings)
    if not meetings:
        raise BookingError(_("Choose days that give at least one meeting."))
    if len(meetings) > MAX_MEETINGS:
        raise BookingError(
            _("A series can have at most %(max)d meetings.", max=MAX_MEETINGS),
        )
    if any(end <= start for start, end in meetings):
        raise BookingError(_("The end time must be after the start time."))
    first_start = meetings[0][0]
    if first_start <= now:
        raise BookingError(_("The first meeting must be in the future."))
    if details.book_by > first_start or details.cancel_by > first_start:
        raise BookingError(
            _("The last times to book and to cancel must be before the first meeting starts.")
        )
    if details.capacity < 1:
        raise BookingError(_("Enter the number of seats, 1 or more."))
    place = db.session.get(Municipality, details.municipality_id)
    if place is None or place.county_id != staff.organisation.municipality.county_id:
        raise BookingError(_("Choose a municipality in your county."))
    occasion = Occasion(
        organisation_id=staff.organisation_id,
        created_by_id=staff.id,
        kind=details.kind,
        title=details.title,
        language=details.language,
        address=details.address,
        municipality_id=details.municipality_id,
        description=details.description,
        phrases=details.phrases,
        written_in=details.written_in,
        capacity=details.capacity,
        seats_taken=0,
        open_to_county=details.open_to_county,
        book_by=details.book_by,
        cancel_by=details.cancel_by,
        starts_at=first_start,
        ends_at=max(end for _start, end in meetings),
        meetings=[Meeting(starts_at=start, ends_at=end) for start, end in meetings],
    )
    db.session.add(occasion)
    db.session.flush()
    return occasion


def occasions_of(staff: Staff) -> list[Occasion]:
    return list(
        db.session.scalars(
            select(Occasion)
            .where(Occasion.organisation_id == staff.organisation_id)
            .options(*occasion_loading())
            .order_by(Occasion.starts_at, Occasion.id)
        ).unique()
    )


def waiting_counts(occasion_ids: Iterable[int]) -> dict[int, int]:
    ids = list(occasion_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Booking.occasion_id, func.count())
        .where(Booking.occasion_id.in_(ids), Booking.status == BookingStatus.WAITING)
        .group_by(Booking.occasion_id)
    ).all()
    return {occasion_id: count for occasion_id, count in rows}


def occasion_for_provider(staff: Staff, occasion_id: int) -> Occasion:
    """One of the staff member's organisation's occasions; 404 for anyone else's."""
    occasion = db.session.scalar(
        select(Occasion).where(Occasion.id == occasion_id).options(*occasion_loading())
    )
    if occasion is None or occasion.organisation_id != staff.organisation_id:
        abort(404)
    return occasion


def attendees(occasion: Occasion) -> list[Booking]:
    """Who holds a seat: confirmed bookings and open offers, by name."""
    return list(
        db.session.scalars(
            select(Booking)
            .join(Participant, Participant.id == Booking.participant_id)
            .where(Booking.occasion_id == occasion.id, Booking.status.in_(HOLDS_SEAT))
            .options(
                joinedload(Booking.participant).joinedload(Participant.municipality),
                selectinload(Booking.attendance),
            )
            .order_by(Participant.name, Booking.id)
        ).unique()
    )


def waiting_list(occasion: Occasion) -> list[Booking]:
    """The people waiting, first in line first."""
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.occasion_id == occasion.id, Booking.status == BookingStatus.WAITING)
            .options(joinedload(Booking.participant).joinedload(Participant.municipality))
            .order_by(Booking.id)
        ).unique()
    )


def meeting_of(occasion: Occasion, meeting_id: int) -> Meeting:
    for meeting in occasion.meetings:
        if meeting.id == meeting_id:
            return meeting
    abort(404)


def attendee_list_csv(occasion: Occasion) -> str:
    """Who has a seat, and their attendance at each meeting, as CSV in the reader's
    language (the header and the marks)."""
    people = attendees(occasion)
    meetings = [m for m in occasion.meetings if m.cancelled_at is None]
    marks = {
        (record.booking_id, record.meeting_id): record for b in people for record in b.attendance
    }
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Name"), _("Municipality"), _("Status"), *(date_time(m.starts_at) for m in meetings)]
    )
    for booking in people:
        row = [
            booking.participant.name,
            booking.participant.municipality.name,
            _("Booked") if booking.status == BookingStatus.CONFIRMED else _("A seat is offered"),
        ]
        for meeting in meetings:
            record = marks.get((booking.id, meeting.id))
            if record is None:
                row.append("")
            elif record.reason:
                row.append(
                    _(
                        "%(mark)s (%(reason)s)",
                        mark=AttendanceStatus(record.status).label,
                        reason=AbsenceReason(record.reason).label,
                    )
                )
            else:
                row.append(str(AttendanceStatus(record.status).label))
        writer.writerow(row)
    return out.getvalue()
