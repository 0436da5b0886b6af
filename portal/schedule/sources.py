"""Where the entries of a participant's schedule come from.

A source is a function `(participant, start_utc, end_utc) -> entries` that returns what it
has between two aware UTC datetimes. A weekly entry may be returned whole (its `repeat` set,
its start the first occurrence): the schedule expands it for a week and the phone's calendar
keeps it as one recurring event. Entries must have uids unique across all sources.

To add a source, write such a function and add it to DEFAULT_SOURCES below; every view of
the schedule (home, week, feed, one-entry download) then shows its entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from flask import Flask, current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.booking import bookings
from portal.booking.models import occasion_heading
from portal.participants.models import Participant
from portal.plans import versions
from portal.plans.models import Activity
from portal.plans.vocabulary import ActivityType
from portal.schedule.entries import SWEDEN, ScheduleEntry, Weekly, at, first_weekly_day
from portal.vocabulary import OrganisationKind

Source = Callable[[Participant, datetime, datetime], Iterable[ScheduleEntry]]

EXTENSION = "portal.schedule.sources"


def plan_activities(
    participant: Participant, start_utc: datetime, end_utc: datetime
) -> list[ScheduleEntry]:
    """The activities of the participant's current published plan.

    A revised plan replaces the schedule as a whole: entries keep their uid (the activity's
    key, carried from version to version) and their sequence is the version's number.
    """
    version = versions.current_version(participant)
    if version is None:
        return []
    first_day = start_utc.astimezone(SWEDEN).date()
    last_day = (end_utc - timedelta(microseconds=1)).astimezone(SWEDEN).date()
    found = []
    for activity in version.activities:
        if activity.start_date > last_day:
            continue
        if activity.end_date is not None and activity.end_date < first_day:
            continue
        entry = _activity_entry(activity, version.number or 0)
        if entry is not None:
            found.append(entry)
    return found


def _activity_entry(activity: Activity, sequence: int) -> ScheduleEntry | None:
    """One plan activity as a schedule entry:

    - with days of the week: a weekly series on those days between its dates, at its hours,
      or for the whole day when it has no hours;
    - without days, on one date (or from a date with a time but no end date: an
      appointment): that date, at its hours or for the whole day;
    - without days over a longer period: the whole period, shown as ongoing.
    """
    base = ScheduleEntry(
        uid=f"plan-{activity.key}",
        source="plan",
        kind=activity.kind,
        title=str(ActivityType(activity.kind).label),
        start=activity.start_date,
        place=activity.place,
        town=activity.municipality.name if activity.municipality and activity.place else "",
        icon=f"activities/{activity.kind}",
        responsible=str(OrganisationKind(activity.responsible).label),
        sequence=sequence,
    )
    days = tuple(activity.days)
    if days:
        first = first_weekly_day(activity.start_date, days)
        if activity.end_date is not None and first > activity.end_date:
            return None  # none of its days falls within its dates
        repeat = Weekly(days, activity.end_date)
        if activity.start_time is None:
            return replace(base, start=first, end=first + timedelta(days=1), repeat=repeat)
        return replace(
            base,
            start=at(first, activity.start_time),
            end=at(first, activity.end_time) if activity.end_time else None,
            repeat=repeat,
        )
    day = activity.start_date
    one_day = activity.end_date == day or (
        activity.end_date is None and activity.start_time is not None
    )
    if one_day and activity.start_time is not None:
        return replace(
            base,
            start=at(day, activity.start_time),
            end=at(day, activity.end_time) if activity.end_time else None,
        )
    if one_day:
        return replace(base, end=day + timedelta(days=1))
    return replace(base, end=activity.end_date + timedelta(days=1) if activity.end_date else None)


def booked_occasions(
    participant: Participant, start_utc: datetime, end_utc: datetime
) -> list[ScheduleEntry]:
    """Each meeting of the occasions the participant holds a confirmed booking for. A
    cancelled booking, or a waiting-list place, is not in the schedule."""
    return [
        ScheduleEntry(
            uid=f"booking-{meeting.booking_id}-{meeting.meeting_id}",
            source="booking",
            kind=meeting.kind,
            title=occasion_heading(meeting.kind, meeting.language),
            start=meeting.starts_at.astimezone(SWEDEN),
            end=meeting.ends_at.astimezone(SWEDEN),
            place=meeting.address,
            town=meeting.town,
            icon=f"occasions/{meeting.kind}",
            responsible=meeting.provider,
        )
        for meeting in bookings.booked_meetings_between(participant.id, start_utc, end_utc)
    ]


DEFAULT_SOURCES: tuple[Source, ...] = (plan_activities, booked_occasions)

# How the schedule tells the reader where an entry comes from, by ScheduleEntry.source.
SOURCE_LABELS: dict[str, LazyString] = {
    "plan": _l("In your plan"),
    "booking": _l("Booked"),
}


def sources() -> list[Source]:
    registered: list[Source] = current_app.extensions[EXTENSION]
    return registered


def source_label(source: str) -> str:
    label = SOURCE_LABELS.get(source)
    return str(label) if label is not None else ""


def init_app(app: Flask) -> None:
    # Per app, so that a test can add a source of its own without touching other apps.
    app.extensions[EXTENSION] = list(DEFAULT_SOURCES)
    app.jinja_env.filters["source_label"] = source_label
