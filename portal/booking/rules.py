"""What the booking rules refuse, and the checks made before anyone takes a place.

Every refusal is a BookingError whose str() is a message for the user; nothing has changed
when one is raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from portal.booking.models import (
    Booking,
    BookingStatus,
    Occasion,
)
from portal.database import utcnow
from portal.dates import date_time
from portal.participants.models import Participant


class BookingError(Exception):
    """A request the booking rules cannot honour; str() is a message for the user. Nothing
    has changed when it is raised."""


class OccasionFull(BookingError):
    """No seat is left: the waiting list is open."""


class NotOffered(BookingError):
    """The occasion does not exist, or is not offered in the person's county: the pages
    answer both as a page that is not there."""


class NotYours(BookingError):
    """The booking does not exist or belongs to someone else (the two look the same)."""


@dataclass(frozen=True)
class Who:
    """What the rules need to know of the person booking, read before the transaction that
    writes (which starts afresh, see begin_write)."""

    id: int
    name: str
    municipality_id: int
    county_id: int

    @classmethod
    def of(cls, participant: Participant) -> Who:
        return cls(
            participant.id,
            participant.name,
            participant.municipality_id,
            participant.municipality.county_id,
        )


@dataclass(frozen=True)
class Bookable:
    """What the rules decide on, and a booking's text tells, of an occasion: read with the
    booking itself (capacity.claim) or from a loaded Occasion (`of`)."""

    id: int
    kind: str
    address: str
    starts_at: datetime
    book_by: datetime
    cancelled_at: datetime | None
    open_to_county: bool
    municipality_id: int
    municipality_name: str
    county_id: int
    seats_taken: int
    capacity: int

    @classmethod
    def of(cls, occasion: Occasion) -> Bookable:
        return cls(
            occasion.id,
            occasion.kind,
            occasion.address,
            occasion.starts_at,
            occasion.book_by,
            occasion.cancelled_at,
            occasion.open_to_county,
            occasion.municipality_id,
            occasion.municipality.name,
            occasion.municipality.county_id,
            occasion.seats_taken,
            occasion.capacity,
        )


def check_may_book(who: Who, occasion: Occasion | Bookable, now: datetime) -> None:
    if not isinstance(occasion, Bookable):
        occasion = Bookable.of(occasion)
    if occasion.county_id != who.county_id:
        raise NotOffered(_("This occasion is not offered in your county."))
    if occasion.cancelled_at is not None:
        raise BookingError(_("This occasion is cancelled."))
    if occasion.starts_at <= now:
        raise BookingError(_("This occasion has already started. Choose another one."))
    if occasion.book_by <= now:
        raise BookingError(
            _(
                "Booking for this occasion closed on %(time)s. Choose another one.",
                time=date_time(occasion.book_by),
            )
        )
    if not occasion.open_to_county and occasion.municipality_id != who.municipality_id:
        raise BookingError(
            _(
                "Only people who live in %(municipality)s can book this occasion.",
                municipality=occasion.municipality_name,
            )
        )


def why_not_bookable(
    participant: Participant, occasion: Occasion, now: datetime | None = None
) -> str | None:
    """Why the participant cannot book or wait for this occasion, or None if they can."""
    try:
        check_may_book(Who.of(participant), occasion, now or utcnow())
    except BookingError as error:
        return str(error)
    return None


def already_booked(name: str, existing: BookingStatus, for_staff: bool) -> BookingError:
    """Why a second active booking on the same occasion is refused: `existing` is the
    status of the one the person (called `name` to staff) already has."""
    if existing == BookingStatus.WAITING:
        if not for_staff:
            return BookingError(_("You are already on the waiting list for this occasion."))
        return BookingError(
            _("%(name)s is already on the waiting list for this occasion.", name=name)
        )
    if existing == BookingStatus.OFFERED:
        if not for_staff:
            return BookingError(_("A seat is already offered to you. Accept it in your bookings."))
        return BookingError(_("A seat is already offered to %(name)s.", name=name))
    if not for_staff:
        return BookingError(_("You have already booked a seat on this occasion."))
    return BookingError(_("%(name)s has already booked a seat on this occasion.", name=name))


def cancellable(booking: Booking, now: datetime | None = None) -> bool:
    """Whether the booking can still be cancelled (or the waiting list left) online."""
    now = now or utcnow()
    if booking.status == BookingStatus.CONFIRMED:
        return now < booking.occasion.cancel_by and now < booking.occasion.starts_at
    return booking.status in (BookingStatus.WAITING, BookingStatus.OFFERED)
