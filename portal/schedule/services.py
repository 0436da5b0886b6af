"""A participant's schedule: by week, what is next, and the secret address of their feed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.auth.tokens import hash_token, new_token
from portal.database import db, transaction, utcnow
from portal.participants.models import Participant
from portal.schedule import sources
from portal.schedule.entries import (
    SWEDEN,
    ScheduleEntry,
    days_between,
    occurrences,
    order,
    utc_window,
)
from portal.schedule.models import CalendarFeed

# How far the phone's calendar reaches back and ahead for entries that are not weekly
# series (weekly series of the plan are always whole).
FEED_PAST = timedelta(weeks=8)
FEED_AHEAD = timedelta(days=400)
# How far ahead the home page looks for the next activity.
NEXT_AHEAD = timedelta(weeks=8)


def now() -> datetime:
    """The current time in Sweden. Tests set the clock by replacing this function."""
    return utcnow().astimezone(SWEDEN)


def today() -> date:
    return now().date()


# --- gathering -----------------------------------------------------------------------------


def entries_from_sources(
    participant: Participant, first_day: date, last_day: date
) -> list[ScheduleEntry]:
    """What every source has from `first_day` to `last_day`, weekly series unexpanded."""
    start_utc, end_utc = utc_window(first_day, last_day)
    found: list[ScheduleEntry] = []
    for source in sources.sources():
        found.extend(source(participant, start_utc, end_utc))
    return found


def entries_between(
    participant: Participant, first_day: date, last_day: date
) -> list[ScheduleEntry]:
    """Every occurrence from `first_day` to `last_day`, in order."""
    found = [
        occurrence
        for entry in entries_from_sources(participant, first_day, last_day)
        for occurrence in occurrences(entry, first_day, last_day)
    ]
    return sorted(found, key=order)


def calendar_entries(participant: Participant) -> list[ScheduleEntry]:
    """The whole schedule for the phone's calendar: weekly series as series."""
    day = today()
    entries = entries_from_sources(participant, day - FEED_PAST, day + FEED_AHEAD)
    return sorted(entries, key=order)


def find_entry(participant: Participant, uid: str) -> ScheduleEntry | None:
    return next((entry for entry in calendar_entries(participant) if entry.uid == uid), None)


# --- weeks ---------------------------------------------------------------------------------

WEEK_SLUG = re.compile(r"(\d{4})-W(\d{2})")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class IsoWeek:
    year: int
    number: int

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        year, number, _weekday = day.isocalendar()
        return cls(year, number)

    @classmethod
    def parse(cls, slug: str) -> IsoWeek | None:
        """A week from its slug, "2026-W37"; None for anything that is not a week the portal shows."""
        found = WEEK_SLUG.fullmatch(slug)
        if not found:
            return None
        year, number = int(found.group(1)), int(found.group(2))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            return None  # week 0, or week 53 in a year of 52 weeks
        return cls(year, number)

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def shifted(self, weeks: int) -> IsoWeek | None:
        week = IsoWeek.containing(self.monday + timedelta(weeks=weeks))
        return week if FIRST_YEAR <= week.year <= LAST_YEAR else None


@dataclass
class Day:
    date: date
    is_today: bool
    entries: list[ScheduleEntry] = field(default_factory=list)


@dataclass
class Week:
    week: IsoWeek
    days: list[Day]
    # Whole-day entries over a period without weekly days, shown once for the week.
    ongoing: list[ScheduleEntry]
    is_current: bool

    @property
    def is_empty(self) -> bool:
        return not self.ongoing and not any(day.entries for day in self.days)


def week(participant: Participant, which: IsoWeek) -> Week:
    current = today()
    days = [Day(day, day == current) for day in days_between(which.monday, which.sunday)]
    by_date = {day.date: day for day in days}
    ongoing = []
    for entry in entries_between(participant, which.monday, which.sunday):
        if entry.ongoing:
            ongoing.append(entry)
        else:
            by_date[entry.first_day].entries.append(entry)
    return Week(which, days, ongoing, IsoWeek.containing(current) == which)


# --- what is next --------------------------------------------------------------------------


@dataclass
class Home:
    today: date
    # Today's entries that have not ended yet.
    today_entries: list[ScheduleEntry]
    # The first entry on a later day, if there is one in the coming weeks.
    next_entry: ScheduleEntry | None


def _ended(entry: ScheduleEntry, moment: datetime) -> bool:
    if entry.all_day:
        return False
    finish = entry.end if entry.end is not None else entry.start
    assert isinstance(finish, datetime)
    return finish <= moment


def home(participant: Participant) -> Home:
    moment = now()
    day = moment.date()
    upcoming = [
        entry for entry in entries_between(participant, day, day + NEXT_AHEAD) if not entry.ongoing
    ]
    today_entries = [e for e in upcoming if e.first_day == day and not _ended(e, moment)]
    later = [e for e in upcoming if e.first_day > day]
    return Home(day, today_entries, later[0] if later else None)


# --- the calendar feed ---------------------------------------------------------------------


def feed_of(participant: Participant) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.participant_id == participant.id)
    )


@transaction
def renew_feed(participant: Participant) -> str:
    """Make the participant's feed address, or a new one in place of the old. Returns the
    token: the only time it exists outside the participant's phone."""
    token = new_token()
    values = {
        "participant_id": participant.id,
        "token_hash": hash_token(token),
        "created_at": utcnow(),
    }
    # One statement that inserts or replaces: two renewals at once leave exactly one address.
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(CalendarFeed).values(**values)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[CalendarFeed.participant_id],
            set_={"token_hash": values["token_hash"], "created_at": values["created_at"]},
        )
    )
    return token


def participant_for_feed(token: str) -> Participant | None:
    """Whose feed this token opens; None for an unknown or renewed token."""
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token))
    )
    if feed is None:
        return None
    return db.session.get(Participant, feed.participant_id)
