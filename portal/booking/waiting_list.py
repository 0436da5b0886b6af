"""The waiting list: joining it, a freed seat offered to the first in line, accepting the
offer, and offers that lapse.

A freed seat goes at once to the first person waiting, as an offer that holds the seat for
BOOKING_OFFER_HOLD; `expire_offers` passes offers that were not accepted in time to the next
person (cron, and lazily before booking pages).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.booking import notices
from portal.booking.bookings import booking_of
from portal.booking.capacity import (
    Place,
    claim,
    locked_occasion,
    move_status,
    occasion_key,
    release_seat,
    take_seat,
)
from portal.booking.models import (
    Booking,
    BookingStatus,
    Occasion,
)
from portal.booking.rules import BookingError
from portal.database import begin_write, db, key_of, transaction, utcnow
from portal.participants.models import Participant
from portal.staff.models import Staff


@transaction
def join_waiting_list(
    participant: Participant,
    occasion: Occasion | int,
    staff: Staff | None = None,
    now: datetime | None = None,
) -> Place:
    """A place at the end of the occasion's waiting list (an Occasion, or its id); only when
    it is full. Raises as seats.book does."""
    participant_id, occasion_id = key_of(participant), occasion_key(occasion)
    staff_id = key_of(staff) if staff else None
    # Share-locked: no seat can be freed (and offered past us) before this place is queued.
    found = claim(
        participant_id,
        occasion_id,
        BookingStatus.WAITING,
        now or utcnow(),
        staff_id,
        participant.name if staff_id else "",
    )
    if found.booking_id is None:
        raise BookingError(_("There are free seats on this occasion: book a seat instead."))
    return Place(found.booking_id, occasion_id, participant_id, BookingStatus.WAITING)


@transaction
def accept(participant: Participant, booking_id: int, now: datetime | None = None) -> Booking:
    """Take the seat offered from the waiting list, before the offer expires."""
    participant_id = participant.id
    begin_write()
    now = now or utcnow()
    booking = booking_of(participant_id, booking_id)
    occasion = locked_occasion(booking.occasion_id)
    db.session.refresh(booking)
    if booking.status == BookingStatus.CONFIRMED:
        raise BookingError(_("You have already accepted this seat."))
    if booking.status == BookingStatus.LAPSED or (
        booking.status == BookingStatus.OFFERED
        and booking.offer_expires_at is not None
        and booking.offer_expires_at <= now
    ):
        raise BookingError(_("Sorry, the time to accept this seat has run out."))
    if booking.status != BookingStatus.OFFERED:
        raise BookingError(_("There is no seat offered to you on this occasion."))
    if not move_status(
        booking.id, BookingStatus.OFFERED, status=BookingStatus.CONFIRMED, confirmed_at=now
    ):
        raise BookingError(_("There is no seat offered to you on this occasion."))
    notices.send_booked(participant, occasion)
    db.session.refresh(booking)
    return booking


def offer_free_seats(occasion: Occasion, now: datetime) -> int:
    """Offer free seats to the people waiting, first in line first. Call with the occasion
    locked, inside a transaction. Returns how many were offered."""
    if occasion.starts_at <= now:
        return 0
    expires = min(now + current_app.config["BOOKING_OFFER_HOLD"], occasion.starts_at)
    offered = 0
    while True:
        waiting = db.session.scalar(
            select(Booking)
            .where(Booking.occasion_id == occasion.id, Booking.status == BookingStatus.WAITING)
            .order_by(Booking.id)
            .limit(1)
        )
        if waiting is None or not take_seat(occasion.id):
            return offered
        if not move_status(
            waiting.id,
            BookingStatus.WAITING,
            status=BookingStatus.OFFERED,
            offered_at=now,
            offer_expires_at=expires,
        ):
            release_seat(occasion.id)
            continue
        notices.send_seat_offered(waiting.participant, occasion, expires)
        offered += 1


def expire_offers(now: datetime | None = None) -> int:
    """Let offers that were not accepted in time lapse, and pass each seat to the next
    person waiting. Safe to run at any time from anywhere; returns how many lapsed."""
    now = now or utcnow()
    occasion_ids = db.session.scalars(
        select(Booking.occasion_id)
        .where(Booking.status == BookingStatus.OFFERED, Booking.offer_expires_at <= now)
        .distinct()
    ).all()
    if not occasion_ids:
        return 0
    db.session.rollback()  # end the read; each occasion is its own transaction
    return sum(_expire_offers_of(occasion_id, now) for occasion_id in occasion_ids)


@transaction
def _expire_offers_of(occasion_id: int, now: datetime) -> int:
    begin_write()
    occasion = locked_occasion(occasion_id)
    lapsed = 0
    for booking_id in db.session.scalars(
        select(Booking.id).where(
            Booking.occasion_id == occasion_id,
            Booking.status == BookingStatus.OFFERED,
            Booking.offer_expires_at <= now,
        )
    ).all():
        if move_status(booking_id, BookingStatus.OFFERED, status=BookingStatus.LAPSED):
            release_seat(occasion_id)
            lapsed += 1
    db.session.refresh(occasion)
    offer_free_seats(occasion, now)
    return lapsed
