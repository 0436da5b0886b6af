"""The text messages about bookings. Each is rendered in the participant's language (see
portal.sms.service.queue), so dates and names of types are formatted here, not by the caller.
Kept short: one SMS part in Swedish where the address allows it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.booking.vocabulary import OccasionType
from portal.templating import clock, day_date


def _when(moment: datetime) -> str:
    return _("%(day)s at %(time)s", day=day_date(moment), time=clock(moment))


def booked(
    occasion_type: str, starts_at: datetime, address: str, municipality: str, link: str
) -> str:
    return _(
        "Booked: %(what)s, %(when)s, %(address)s, %(municipality)s. Your bookings: %(link)s",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
        address=address,
        municipality=municipality,
        link=link,
    )


def cancelled(occasion_type: str, starts_at: datetime) -> str:
    return _(
        "Your booking is cancelled: %(what)s, %(when)s.",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
    )


def seat_offered(occasion_type: str, starts_at: datetime, until: datetime, link: str) -> str:
    return _(
        "A seat is free for you: %(what)s, %(when)s. Accept it before %(until)s: %(link)s",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
        until=_when(until),
        link=link,
    )


def reminder(occasion_type: str, starts_at: datetime, address: str, municipality: str) -> str:
    return _(
        "Reminder: %(what)s tomorrow at %(time)s, %(address)s, %(municipality)s.",
        what=OccasionType(occasion_type).label,
        time=clock(starts_at),
        address=address,
        municipality=municipality,
    )


def changed(
    occasion_type: str, starts_at: datetime, address: str, municipality: str, link: str
) -> str:
    return _(
        "Changed: %(what)s is now %(when)s, %(address)s, %(municipality)s. Your bookings: %(link)s",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
        address=address,
        municipality=municipality,
        link=link,
    )


def meeting_cancelled(occasion_type: str, starts_at: datetime) -> str:
    return _(
        "Cancelled by the organiser: %(what)s, %(when)s. Your other meetings are as before.",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
    )


def occasion_cancelled(occasion_type: str, starts_at: datetime) -> str:
    return _(
        "Cancelled by the organiser: %(what)s from %(when)s. Book another time.",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
    )


def moved_to_waiting_list(occasion_type: str, starts_at: datetime, link: str) -> str:
    return _(
        "%(what)s, %(when)s, has fewer seats now. You are at the front of the waiting list: %(link)s",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
        link=link,
    )
