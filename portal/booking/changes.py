"""A provider changes what they published: the details of an occasion, the time of one
meeting, the number of seats; cancels a meeting or the whole occasion; copies it to new
dates. Everyone with a seat or a place on the waiting list is texted in their language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal.booking import notices
from portal.booking.capacity import locked_occasion, move_status
from portal.booking.models import ACTIVE, HOLDS_SEAT, Booking, BookingStatus, Meeting, Occasion
from portal.booking.occasions import OccasionDetails, local_time, publish
from portal.booking.rules import BookingError
from portal.booking.waiting_list import offer_free_seats
from portal.database import begin_write, db, transaction, utcnow
from portal.dates import local_zone
from portal.organisations.models import Municipality
from portal.participants.models import Participant
from portal.staff.models import Staff


@dataclass
class OccasionEdit:
    title: str
    address: str
    municipality_id: int
    description: str
    capacity: int
    book_by: datetime
    cancel_by: datetime


def _own(staff: Staff, occasion_id: int, now: datetime) -> Occasion:
    begin_write()
    occasion = locked_occasion(occasion_id)
    if occasion.organisation_id != staff.organisation_id:
        raise BookingError(_("This occasion belongs to another organisation."))
    if occasion.cancelled_at is not None:
        raise BookingError(_("This occasion is cancelled."))
    if occasion.ends_at <= now:
        raise BookingError(_("This occasion is over: it can no longer be changed."))
    return occasion


def _active(occasion_id: int, statuses: Iterable[BookingStatus] = ACTIVE) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.occasion_id == occasion_id, Booking.status.in_(list(statuses)))
            .order_by(Booking.id)
        )
    )


def _participants(bookings: Iterable[Booking]) -> list[Participant]:
    return [db.session.get_one(Participant, booking.participant_id) for booking in bookings]


@transaction
def edit(
    staff: Staff,
    occasion_id: int,
    changes: OccasionEdit,
    to_waiting_list: Iterable[int] = (),
    now: datetime | None = None,
) -> Occasion:
    """Change an occasion's details. Fewer seats than are taken needs exactly as many
    bookings chosen (`to_waiting_list`) to go first in line on the waiting list."""
    now = now or utcnow()
    occasion = _own(staff, occasion_id, now)
    if changes.capacity < 1:
        raise BookingError(_("Enter the number of seats, 1 or more."))
    place = db.session.get(Municipality, changes.municipality_id)
    if place is None or place.county_id != staff.organisation.municipality.county_id:
        raise BookingError(_("Choose a municipality in your county."))
    if changes.book_by > occasion.starts_at or changes.cancel_by > occasion.starts_at:
        raise BookingError(
            _("The last times to book and to cancel must be before the first meeting starts.")
        )
    holding = _active(occasion.id, HOLDS_SEAT)
    moving = [booking for booking in holding if booking.id in set(to_waiting_list)]
    too_many = len(holding) - changes.capacity
    if too_many > 0 and len(moving) != too_many:
        raise BookingError(
            ngettext(
                "%(taken)d seats are taken. Choose %(num)d person to move to the waiting list, or keep more seats.",
                "%(taken)d seats are taken. Choose %(num)d people to move to the waiting list, or keep more seats.",
                too_many,
                taken=len(holding),
            )
        )
    if too_many <= 0:
        moving = []
    moved_place = (changes.address, changes.municipality_id) != (
        occasion.address,
        occasion.municipality_id,
    )
    for booking in moving:
        # Their bookings are older than anyone's waiting: they are first in line.
        move_status(
            booking.id,
            booking.status,
            status=BookingStatus.WAITING,
            confirmed_at=None,
            offered_at=None,
            offer_expires_at=None,
        )
    occasion.title = changes.title
    occasion.address = changes.address
    occasion.municipality_id = changes.municipality_id
    occasion.description = changes.description
    occasion.seats_taken = len(holding) - len(moving)
    occasion.capacity = changes.capacity
    occasion.book_by = changes.book_by
    occasion.cancel_by = changes.cancel_by
    db.session.flush()
    db.session.refresh(occasion)
    for participant in _participants(moving):
        notices.send_moved_to_waiting_list(participant, occasion)
    if moved_place:
        staying = [b for b in _active(occasion.id) if b.id not in {m.id for m in moving}]
        for participant in _participants(staying):
            notices.send_occasion_changed(participant, occasion, occasion.starts_at)
    offer_free_seats(occasion, now)
    return occasion


@transaction
def move_meeting(
    staff: Staff, occasion_id: int, meeting_id: int, starts_at: datetime, ends_at: datetime
) -> Meeting:
    """A meeting at another time; the occasion's first start and last end follow."""
    now = utcnow()
    occasion = _own(staff, occasion_id, now)
    meeting = _meeting(occasion, meeting_id)
    if ends_at <= starts_at:
        raise BookingError(_("The end time must be after the start time."))
    if starts_at <= now or meeting.starts_at <= now:
        raise BookingError(_("Only a meeting that has not started can be moved."))
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    _follow_meetings(occasion)
    for participant in _participants(_active(occasion.id)):
        notices.send_occasion_changed(participant, occasion, starts_at)
    return meeting


@transaction
def cancel_meeting(staff: Staff, occasion_id: int, meeting_id: int) -> Meeting:
    now = utcnow()
    occasion = _own(staff, occasion_id, now)
    meeting = _meeting(occasion, meeting_id)
    if meeting.starts_at <= now:
        raise BookingError(_("Only a meeting that has not started can be cancelled."))
    if all(m.cancelled_at is not None or m.id == meeting.id for m in occasion.meetings):
        raise BookingError(_("This is the last meeting: cancel the whole occasion instead."))
    meeting.cancelled_at = now
    _follow_meetings(occasion)
    for participant in _participants(_active(occasion.id, HOLDS_SEAT)):
        notices.send_meeting_cancelled(participant, occasion, meeting.starts_at)
    return meeting


@transaction
def cancel_occasion(staff: Staff, occasion_id: int) -> Occasion:
    """Nobody can book it any more; every booking and waiting-list place is cancelled."""
    now = utcnow()
    occasion = _own(staff, occasion_id, now)
    told = _active(occasion.id)
    for booking in told:
        move_status(
            booking.id,
            booking.status,
            status=BookingStatus.CANCELLED,
            cancelled_at=now,
            cancelled_by_id=staff.id,
        )
    occasion.cancelled_at = now
    occasion.seats_taken = 0
    db.session.flush()
    for participant in _participants(told):
        notices.send_occasion_cancelled(participant, occasion)
    return occasion


def copy(staff: Staff, occasion: Occasion, first_day: date) -> Occasion:
    """The same occasion again, every meeting moved by as many days as the first one is
    (same weekdays and wall-clock times), open for booking."""
    zone = local_zone()
    old_first = occasion.meetings[0].starts_at.astimezone(zone).date()
    shift = first_day - old_first

    def moved(moment: datetime) -> datetime:
        local = moment.astimezone(zone)
        return local_time(local.date() + shift, local.time())

    meetings = [
        (moved(m.starts_at), moved(m.ends_at)) for m in occasion.meetings if m.cancelled_at is None
    ]
    details = OccasionDetails(
        kind=occasion.kind,
        title=occasion.title,
        language=occasion.language,
        address=occasion.address,
        municipality_id=occasion.municipality_id,
        capacity=occasion.capacity,
        open_to_county=occasion.open_to_county,
        book_by=moved(occasion.book_by),
        cancel_by=moved(occasion.cancel_by),
        description=occasion.description,
        phrases=list(occasion.phrases or []),
        written_in=occasion.written_in,
    )
    return publish(staff, details, meetings)


def _meeting(occasion: Occasion, meeting_id: int) -> Meeting:
    for meeting in occasion.meetings:
        if meeting.id == meeting_id and meeting.cancelled_at is None:
            return meeting
    raise BookingError(_("This meeting does not exist or is cancelled."))


def _follow_meetings(occasion: Occasion) -> None:
    held = [m for m in occasion.meetings if m.cancelled_at is None]
    occasion.starts_at = min(m.starts_at for m in held)
    occasion.ends_at = max(m.ends_at for m in held)
    db.session.flush()
