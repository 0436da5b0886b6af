"""Booking a seat and cancelling one."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.booking import notices
from portal.booking.bookings import booking_of
from portal.booking.capacity import (
    Place,
    claim,
    locked_occasion,
    move_status,
    occasion_key,
    release_seat,
)
from portal.booking.models import (
    HOLDS_SEAT,
    Booking,
    BookingStatus,
    Occasion,
)
from portal.booking.rules import BookingError, OccasionFull
from portal.booking.waiting_list import offer_free_seats
from portal.database import begin_write, db, key_of, transaction, utcnow
from portal.dates import date_time
from portal.participants.models import Participant
from portal.staff.models import Staff


@transaction
def book(
    participant: Participant,
    occasion: Occasion | int,
    staff: Staff | None = None,
    now: datetime | None = None,
) -> Place:
    """A confirmed seat for the participant, booked by them or by their caseworker `staff`,
    on the occasion (or the occasion with that id: the rules read it themselves). Raises
    OccasionFull when no seat is left, NotOffered when the occasion is not there or not in
    the participant's county, BookingError for any other reason."""
    participant_id, occasion_id = key_of(participant), occasion_key(occasion)
    staff_id = key_of(staff) if staff else None
    now = now or utcnow()
    # The conditional UPDATE decides, and keeps the occasion's row locked until the commit:
    # a seat freed meanwhile has already been offered to the waiting list.
    found = claim(
        participant_id,
        occasion_id,
        BookingStatus.CONFIRMED,
        now,
        staff_id,
        participant.name if staff_id else "",
    )
    if found.booking_id is None:
        if staff_id is None:
            raise OccasionFull(
                _("Sorry, this occasion is full. You can join the waiting list instead.")
            )
        raise OccasionFull(_("This occasion is full. You can put the person on the waiting list."))
    notices.send_booked(found.recipient, found.occasion)
    return Place(found.booking_id, occasion_id, participant_id, BookingStatus.CONFIRMED)


@transaction
def cancel(
    participant: Participant,
    booking_id: int,
    staff: Staff | None = None,
    now: datetime | None = None,
) -> Booking:
    """Cancel a confirmed booking before the deadline, leave the waiting list, or decline an
    offered seat. A freed seat is offered to the first person waiting."""
    participant_id, staff_id = participant.id, staff.id if staff else None
    begin_write()
    now = now or utcnow()
    booking = booking_of(participant_id, booking_id)
    occasion = locked_occasion(booking.occasion_id)
    db.session.refresh(booking)
    status = booking.status
    if status == BookingStatus.CONFIRMED:
        if now >= occasion.cancel_by or now >= occasion.starts_at:
            raise BookingError(
                _(
                    "The last time to cancel was %(time)s. Contact %(provider)s if you cannot come.",
                    time=date_time(occasion.cancel_by),
                    provider=occasion.organisation.name,
                )
            )
    elif status not in (BookingStatus.WAITING, BookingStatus.OFFERED):
        raise BookingError(_("This booking is already cancelled."))
    if not move_status(
        booking.id,
        status,
        status=BookingStatus.CANCELLED,
        cancelled_at=now,
        cancelled_by_id=staff_id,
    ):
        raise BookingError(_("This booking is already cancelled."))
    if status in HOLDS_SEAT:
        release_seat(occasion.id)
        offer_free_seats(occasion, now)
    if status == BookingStatus.CONFIRMED:
        notices.send_cancelled(participant, occasion)
    db.session.refresh(booking)
    return booking
