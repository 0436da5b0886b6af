"""Dates and times in the reader's language, from CLDR's patterns only.

Babel fills any gap in a language's CLDR data from the root locale, whose patterns are
English in all but name ("MMM d, E"): that is how Sorani day headings came out as
"تشرینی دووەم 30, دووشەممە". Here a pattern is taken only from the language's own data (or
its parent language's, for a regional variant), and where the language has none for what is
asked, from its standard date formats, which every shipped language has. Two exceptions, each
a fact about CLDR's data rather than a pattern of ours:

- Dari (fa_AF): CLDR's own skeletons for it are copies of English ones ("E, MMM d, y"); Dari
  writes dates as Persian does, so the patterns come from fa (the month names stay Dari).
- Somali: CLDR's abbreviated months (Jan, Feb, Mar, May, Jun) read as English, so Somali
  dates spell the month out. Pashto too: its abbreviated and wide months are the same words,
  but CLDR's patterns with abbreviated months put the month before the day, unlike its others.

Times keep Latin digits (Babel formats dates with them in every language), and time ranges
come from CLDR's interval formats: "8:30 تا 12:00" in Persian, "8:30 AM – 12:00 PM" in English.
"""

from __future__ import annotations

import pickle
import re
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import Locale, localedata
from babel.dates import (
    format_date,
    format_datetime,
    format_interval,
    format_time,
    get_day_names,
    match_skeleton,
)
from babel.lists import format_list
from flask import current_app
from flask_babel import get_locale

# Where a language's date patterns come from, when not from itself (see above).
PATTERNS_FROM = {"fa_AF": "fa"}
# Languages whose dates spell out the month (see above).
WIDE_MONTHS = frozenset({"so", "ps"})


def local_zone() -> ZoneInfo:
    """Sweden's time zone: dates and times are shown and typed in it, and stored in UTC."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _locale() -> Locale:
    return get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])


@cache
def _sources(code: str) -> tuple[str, ...]:
    """The CLDR locales whose own data speaks for `code`: itself (or where PATTERNS_FROM
    sends it) and its parent language, never root."""
    first = PATTERNS_FROM.get(code, code)
    chain = [first]
    if "_" in first:
        chain.append(first.split("_")[0])
    return tuple(chain)


@cache
def _own_data(name: str) -> dict[str, Any]:
    """What CLDR says for the locale `name` itself, nothing inherited. Read from Babel's file
    directly: `localedata.load(name, merge_inherited=False)` would leave the unmerged data in
    Babel's cache for every later use of the locale."""
    with Path(localedata.resolve_locale_filename(name)).open("rb") as handle:
        data: dict[str, Any] = pickle.load(handle)  # noqa: S301  (Babel's own data files)
    return data


@cache
def own_skeletons(code: str) -> dict[str, str]:
    """The date skeletons `code`'s own CLDR data defines, with their patterns."""
    merged: dict[str, str] = {}
    for source in reversed(_sources(code)):
        found = _own_data(source).get("datetime_skeletons", {})
        merged.update({key: str(value) for key, value in found.items()})
    return merged


@cache
def own_interval(code: str, *skeletons: str) -> str | None:
    """The first of `skeletons` that `code`'s own CLDR data has an interval format for."""
    for skeleton in skeletons:
        for source in _sources(code):
            if skeleton in _own_data(source).get("interval_formats", {}):
                return skeleton
    return None


def _month_width(skeleton: str, code: str) -> str:
    if code in WIDE_MONTHS and "MMMM" not in skeleton:
        return skeleton.replace("MMM", "MMMM")
    return skeleton


def _widened(pattern: str, skeleton: str) -> str:
    """A matched pattern widened to the fields asked for, as CLDR's skeleton matching says
    (Babel does not): E -> EEEE for a skeleton with EEEE, MMM -> MMMM for one with MMMM."""
    parts = re.split(r"('[^']*')", pattern)
    for index in range(0, len(parts), 2):
        if "EEEE" in skeleton:
            parts[index] = re.sub(r"(?<!E)E{1,3}(?!E)", "EEEE", parts[index])
        if "MMMM" in skeleton:
            parts[index] = re.sub(r"(?<![ML])([ML])\1\1(?![ML])", r"\1\1\1\1", parts[index])
    return "".join(parts)


@cache
def date_pattern(code: str, skeleton: str | None, standard: str) -> str:
    """The language's own pattern closest to `skeleton` (same fields), widened as asked;
    else its standard `standard` format ("full", "long", "medium")."""
    if skeleton is not None:
        asked = _month_width(skeleton, code)
        options = own_skeletons(code)
        found = match_skeleton(asked, options.keys())
        if found is not None:
            return _widened(options[found], asked)
    if code in WIDE_MONTHS and standard == "medium":
        standard = "long"
    locale = Locale.parse(PATTERNS_FROM.get(code, code))
    return str(locale.date_formats[standard].pattern)


def _format(value: date | datetime, pattern: str) -> str:
    return _formatted(_locale(), current_app.config["BABEL_DEFAULT_TIMEZONE"], value, pattern)


# Formatting is a pure function of the language, the zone, the value and the pattern, and
# the same few dates and times recur on every page (a county's offer is the same for all
# who read it): each is formatted once per worker (issue 13). Bounded: old entries go.
@lru_cache(maxsize=8192)
def _formatted(locale: Locale, zone: str, value: date | datetime, pattern: str) -> str:
    if isinstance(value, datetime):
        return format_datetime(value, pattern, tzinfo=ZoneInfo(zone), locale=locale)
    return format_date(value, pattern, locale=locale)


def _code() -> str:
    return str(_locale())


# --- days ------------------------------------------------------------------------------------


def weekday_names(
    days: list[int], width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"
) -> str:
    """[0, 2] -> "Monday and Wednesday" in the reader's language."""
    locale = _locale()
    names = get_day_names(width, locale=locale)
    return format_list([names[day] for day in days], locale=locale) if days else ""


def short_date(value: date | datetime | None) -> str:
    """The day, in Swedish time for a timestamp: "23 nov. 2026"."""
    if value is None:
        return ""
    return _format(value, date_pattern(_code(), "yMMMd", "medium"))


def long_date(value: date | None) -> str:
    """The language's full date, its most carefully made pattern: "onsdag 10 februari 2027"."""
    return _format(value, date_pattern(_code(), None, "full")) if value else ""


def date_time(value: datetime | None) -> str:
    """Day and time in Swedish time, for staff pages where the minute matters."""
    if value is None:
        return ""
    return format_datetime(value, "short", tzinfo=local_zone(), locale=_locale())


def _needs_year(value: date | datetime) -> bool:
    """Whether a date close at hand needs its year: not when it is in the weeks behind or
    the months ahead ("tors 21 jan." in December is next January), else yes."""
    zone = local_zone()
    day = value.astimezone(zone).date() if isinstance(value, datetime) else value
    today = datetime.now(zone).date()
    return not (today - timedelta(days=60) <= day <= today + timedelta(days=300))


def day_date(value: date | datetime | None) -> str:
    """Weekday and day, in Swedish time for a timestamp: "tis 1 dec." (with the year when
    it is not close at hand). For bookings, meetings, text messages."""
    if value is None:
        return ""
    skeleton = "yMMMEd" if _needs_year(value) else "MMMEd"
    return _format(value, date_pattern(_code(), skeleton, "full"))


def day_month(value: date | datetime) -> str:
    """Day and month without the weekday, the year as day_date has it: "21 jan."; where a
    text message has no room for more."""
    skeleton = "yMMMd" if _needs_year(value) else "MMMd"
    return _format(value, date_pattern(_code(), skeleton, "medium"))


def day_and_date(value: date | None) -> str:
    """The weekday and the date without the year: "Monday 7 September", "الاثنين، 7 سبتمبر"."""
    if value is None:
        return ""
    return _format(value, date_pattern(_code(), "MMMMEEEEd", "full"))


def date_range(start: date, end: date) -> str:
    """Two days as one range in the reader's language: "7–13 sep. 2026"."""
    code = _code()
    wide = ("yMMMMd", "MMMMd") if code in WIDE_MONTHS else ()
    skeleton = own_interval(code, *wide, "yMMMd") or "yMMMd"
    return str(format_interval(start, end, skeleton, locale=_locale()))


# --- times -----------------------------------------------------------------------------------


@cache
def twelve_hour(code: str) -> bool:
    """Whether the language's short time is on a 12-hour clock (CLDR's "h")."""
    pattern = str(Locale.parse(code).time_formats["short"].pattern)
    return "h" in re.sub(r"'[^']*'", "", pattern)


def clock(value: time | datetime | None) -> str:
    if value is None:
        return ""
    return _clock(_locale(), current_app.config["BABEL_DEFAULT_TIMEZONE"], value)


@lru_cache(maxsize=4096)
def _clock(locale: Locale, zone: str, value: time | datetime) -> str:
    if isinstance(value, datetime):
        return format_time(value, "short", tzinfo=ZoneInfo(zone), locale=locale)
    return format_time(value, "short", locale=locale)


def time_range(start: time | datetime, end: time | datetime) -> str:
    """From one time to another, as the language writes it (CLDR's interval formats):
    "08:30–12:00", "8:30 تا 12:00", "8:30 AM – 12:00 PM"."""
    code = _code()
    skeleton = "hm" if twelve_hour(code) else "Hm"
    if isinstance(start, datetime) and isinstance(end, datetime):
        zone = local_zone()
        start, end = start.astimezone(zone).time(), end.astimezone(zone).time()
    assert isinstance(start, time) and isinstance(end, time)
    return _interval(_locale(), start, end, skeleton)


@lru_cache(maxsize=4096)
def _interval(locale: Locale, start: time, end: time, skeleton: str) -> str:
    return str(format_interval(start, end, skeleton, locale=locale))
