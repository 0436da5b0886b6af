"""The text messages about bookings. Each is rendered in the participant's language (see
portal.sms.service.queue), so dates and names of types are formatted here, not by the caller.

Each is as short as it can be and still say what it must: one SMS part in a language GSM-7
can carry (Swedish, English), at most two in the others. Where the full text would need more,
the shorter variant goes: a confirmation without the link to "my bookings" (what, when and
where are what matter), then without the weekday, an offer with only the day by which to answer, or with none (the
page the link opens says it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _

from portal.booking.vocabulary import OccasionType
from portal.dates import clock, day_date, day_month
from portal.sms.encoding import fewest_parts, shape


def shortest(*variants: Callable[[], str]) -> str:
    """The first variant within the budget, else the last (the shortest). The budget: one
    part in GSM-7, two in UCS-2."""
    text = ""
    for variant in variants:
        text = variant()
        size = shape(fewest_parts(text))
        if size.parts <= (1 if size.encoding == "GSM-7" else 2):
            return text
    return text


def _when(moment: datetime, weekday: bool = True) -> str:
    day = day_date(moment) if weekday else day_month(moment)
    return _("%(day)s at %(time)s", day=day, time=clock(moment))


def _what(occasion_type: str) -> str:
    return str(OccasionType(occasion_type).short_label)


def booked(
    occasion_type: str, starts_at: datetime, address: str, municipality: str, link: str
) -> str:
    values = {
        "what": _what(occasion_type),
        "when": _when(starts_at),
        "address": address,
        "municipality": municipality,
    }
    return shortest(
        lambda: _(
            "Booked: %(what)s, %(when)s, %(address)s, %(municipality)s. Your bookings: %(link)s",
            link=link,
            **values,
        ),
        lambda: _("Booked: %(what)s, %(when)s, %(address)s, %(municipality)s.", **values),
        lambda: _(
            "Booked: %(what)s, %(when)s, %(address)s, %(municipality)s.",
            **{**values, "when": _when(starts_at, weekday=False)},
        ),
    )


def cancelled(occasion_type: str, starts_at: datetime) -> str:
    return _(
        "Your booking is cancelled: %(what)s, %(when)s.",
        what=_what(occasion_type),
        when=_when(starts_at),
    )


def seat_offered(occasion_type: str, starts_at: datetime, until: datetime, link: str) -> str:
    values = {"what": _what(occasion_type), "when": _when(starts_at), "link": link}
    return shortest(
        lambda: _(
            "A seat is free for you: %(what)s, %(when)s. Accept it before %(until)s: %(link)s",
            until=_when(until),
            **values,
        ),
        lambda: _(
            "A seat is free for you: %(what)s, %(when)s. Answer by %(day)s: %(link)s",
            day=day_date(until),
            **values,
        ),
        # The page the link opens says by when.
        lambda: _("A seat is free for you: %(what)s, %(when)s. Answer here: %(link)s", **values),
    )


def reminder(occasion_type: str, starts_at: datetime, address: str, municipality: str) -> str:
    return _(
        "Reminder: %(what)s tomorrow at %(time)s, %(address)s, %(municipality)s.",
        what=_what(occasion_type),
        time=clock(starts_at),
        address=address,
        municipality=municipality,
    )


def changed(occasion_type: str, starts_at: datetime, address: str, municipality: str) -> str:
    return _(
        "Changed: %(what)s, %(when)s, %(address)s, %(municipality)s.",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
        address=address,
        municipality=municipality,
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


def moved_to_waiting_list(occasion_type: str, starts_at: datetime) -> str:
    return _(
        "%(what)s, %(when)s: fewer seats now. You are at the front of the waiting list.",
        what=OccasionType(occasion_type).label,
        when=_when(starts_at),
    )
