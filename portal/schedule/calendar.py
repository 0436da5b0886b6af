"""Schedule entries as iCalendar (RFC 5545), for the phone's calendar: a feed it subscribes
to, or one entry to add. Weekly entries become one recurring event each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)

from portal.database import utcnow
from portal.places import Place
from portal.schedule.entries import SWEDEN, ScheduleEntry, at

PRODID = "-//Introduction portal//Schedule//EN"
# Makes uids globally unique, as RFC 5545 asks; stable, so that calendars recognise updates.
UID_DOMAIN = "introduction-portal"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How often a subscribed calendar should fetch the feed again.
REFRESH = timedelta(hours=6)


def sweden_timezone() -> Timezone:
    """Europe/Stockholm as a VTIMEZONE: the EU rule in force since 1996 (summer time from
    01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October), in
    the form calendar apps themselves publish. Unlike a list of transitions it has no end
    date; tests/schedule/test_calendar.py checks it against the system's time zone data."""
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    # Onsets are local time before the change (RFC 5545, 3.6.5).
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone = Timezone()
    zone.add("tzid", str(SWEDEN.key))
    zone.add("x-lic-location", str(SWEDEN.key))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def event(entry: ScheduleEntry, stamp: datetime) -> Event:
    """One entry as a VEVENT. Only what the schedule shows: no name, no phone number, and not
    the caseworker's free-text notes (a subscribed calendar is often copied to a cloud)."""
    item = Event()
    item.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    item.add("dtstamp", stamp)
    item.add("sequence", entry.sequence)
    item.add("summary", entry.title)
    item.add("dtstart", _local(entry.start))
    if entry.end is not None:
        item.add("dtend", _local(entry.end))
    if entry.place:
        item.add("location", str(Place(entry.place, entry.town)))
    if entry.responsible:
        item.add("description", _("Responsible: %(organisation)s", organisation=entry.responsible))
    if entry.repeat is not None:
        rule: dict[str, object] = {
            "freq": "weekly",
            "byday": [WEEKDAYS[day] for day in entry.repeat.weekdays],
        }
        if entry.repeat.until is not None:
            rule["until"] = _until(entry, entry.repeat.until)
        item.add("rrule", rule)
    item.add("transp", "OPAQUE")
    return item


def _local(value: datetime | date) -> datetime | date:
    # Written with TZID=Europe/Stockholm, so that a weekly time stays put across summer time.
    return value.astimezone(SWEDEN) if isinstance(value, datetime) else value


def _until(entry: ScheduleEntry, last_day: date) -> datetime | date:
    # With a zoned start, UNTIL must be in UTC (RFC 5545, 3.3.10); with a date, a date.
    if entry.all_day:
        return last_day
    return at(last_day, time(23, 59, 59)).astimezone(UTC)


def calendar(entries: Iterable[ScheduleEntry], name: str | None = None) -> bytes:
    """An iCalendar file of `entries`, in the reader's language; `name` names a calendar
    to subscribe to."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add("x-wr-timezone", str(SWEDEN.key))
    cal.add_component(sweden_timezone())
    stamp = utcnow()
    for entry in entries:
        cal.add_component(event(entry, stamp))
    return bytes(cal.to_ical())
