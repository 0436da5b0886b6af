"""What a schedule is made of: entries, some of which repeat every week.

An entry is a plain value with no tie to the database, so that any part of the portal can
contribute entries (see sources.py) and every view of the schedule (home, week, the phone's
calendar) treats them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Activities are given in Swedish wall-clock time; the portal serves Sweden only.
SWEDEN = ZoneInfo("Europe/Stockholm")

# A uid goes into URLs (one entry as an .ics file), so it keeps to URL-safe characters.
UID = re.compile(r"[A-Za-z0-9_-]{1,100}")


@dataclass(frozen=True)
class Weekly:
    """Repeats every week on `weekdays` (0 is Monday) up to and including `until`."""

    weekdays: tuple[int, ...]
    until: date | None = None


@dataclass(frozen=True)
class ScheduleEntry:
    """One thing in a participant's schedule, in the reader's language.

    `start` and `end` are aware datetimes in Swedish time, or dates for an entry that lasts
    whole days. `end` is exclusive, as in iCalendar: an all-day entry on 7 September ends on
    8 September. `end` is None when no end was given (a time with no end time; an all-day
    entry that goes on with no last day).

    With `repeat`, the entry stands for a weekly series and `start`/`end` are its first
    occurrence; `recurring` marks one occurrence of such a series. `sequence` grows when the
    entry changes, so that calendars replace their copy.
    """

    uid: str
    source: str
    kind: str
    title: str
    start: datetime | date
    end: datetime | date | None = None
    place: str = ""
    # The municipality the place is in: an address alone can be in any of several towns.
    town: str = ""
    responsible: str = ""
    # A pictogram for what kind of thing it is, from static/icons ("activities/sfi").
    icon: str = ""
    repeat: Weekly | None = None
    recurring: bool = False
    sequence: int = 0

    def __post_init__(self) -> None:
        if not UID.fullmatch(self.uid):
            raise ValueError(f"a schedule entry's uid must match {UID.pattern}: {self.uid!r}")
        if isinstance(self.start, datetime) and self.start.tzinfo is None:
            raise ValueError("a schedule entry's start must be timezone-aware")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return day_of(self.start)

    @property
    def last_day(self) -> date | None:
        """The last day the entry (or one occurrence of it) touches; None when open-ended."""
        if self.end is None:
            return None if self.all_day else self.first_day
        if self.all_day:
            return day_of(self.end) - timedelta(days=1)
        assert isinstance(self.end, datetime)
        # Ending at midnight does not reach into the next day.
        return day_of(self.end - timedelta(microseconds=1))

    @property
    def ongoing(self) -> bool:
        """Whole days over a period with no weekly rhythm, such as "looking for work from
        September": shown once for the week, not on every day."""
        if not self.all_day or self.repeat is not None:
            return False
        return self.last_day is None or self.last_day > self.first_day

    @property
    def start_time(self) -> time | None:
        return self.start.astimezone(SWEDEN).time() if isinstance(self.start, datetime) else None

    def on(self, day: date) -> ScheduleEntry:
        """The occurrence of a weekly entry on `day` (same wall-clock times, whatever the
        daylight-saving time)."""
        shift = day - self.first_day
        start = _shift(self.start, shift)
        end = _shift(self.end, shift) if self.end is not None else None
        return replace(self, start=start, end=end, repeat=None, recurring=True)


def _shift(value: datetime | date, days: timedelta) -> datetime | date:
    if isinstance(value, datetime):
        local = value.astimezone(SWEDEN)
        # Wall-clock arithmetic, then the zone decides the offset of the new day.
        return datetime.combine(local.date() + days, local.time(), SWEDEN)
    return value + days


def day_of(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return value.astimezone(SWEDEN).date()
    return value


def at(day: date, clock: time) -> datetime:
    """A wall-clock time in Sweden on `day`, as an aware datetime."""
    return datetime.combine(day, clock, SWEDEN)


def utc_window(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """From midnight starting `first_day` to midnight ending `last_day`, Swedish time, in UTC."""
    start = datetime.combine(first_day, time(0), SWEDEN).astimezone(UTC)
    end = datetime.combine(last_day + timedelta(days=1), time(0), SWEDEN).astimezone(UTC)
    return start, end


def days_between(first_day: date, last_day: date) -> list[date]:
    return [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]


def occurrences(entry: ScheduleEntry, first_day: date, last_day: date) -> list[ScheduleEntry]:
    """What of `entry` falls on the days from `first_day` to `last_day`: each occurrence of a
    weekly entry, or the entry itself if it touches those days."""
    if entry.repeat is None:
        ends = entry.last_day
        touches = entry.first_day <= last_day and (ends is None or ends >= first_day)
        return [entry] if touches else []
    until = entry.repeat.until
    return [
        entry.on(day)
        for day in days_between(max(first_day, entry.first_day), last_day)
        if day.weekday() in entry.repeat.weekdays and (until is None or day <= until)
    ]


def first_weekly_day(start: date, weekdays: tuple[int, ...]) -> date:
    """The first day on or after `start` that falls on one of `weekdays`."""
    return next(
        day for day in (start + timedelta(days=n) for n in range(7)) if day.weekday() in weekdays
    )


def order(entry: ScheduleEntry) -> tuple[date, int, time, str, str]:
    """Day by day; whole-day entries first, then by the clock."""
    return (
        entry.first_day,
        0 if entry.all_day else 1,
        entry.start_time or time(0),
        entry.title,
        entry.uid,
    )
