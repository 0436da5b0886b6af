"""Template helpers: formatting for the reader's language, static URLs, htmx fragments."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel.dates import format_interval, format_skeleton, get_day_names, match_skeleton
from babel.lists import format_list
from flask import Flask, current_app, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_time, get_locale
from jinja2_fragments.flask import render_block
from markupsafe import Markup

from portal import phone


def render(template: str, block: str | None = None, **context: Any) -> str:
    """The whole page, or for an htmx request only `block` of it: one template, two uses."""
    htmx = getattr(request, "htmx", None)
    if block is not None and htmx and not htmx.boosted:
        return str(render_block(template, block, **context))
    return render_template(template, **context)


@cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """A URL that changes when the file does, so that browsers may cache it for a year."""
    static_folder = current_app.static_folder or ""
    version = _file_digest(str(Path(static_folder) / filename))
    return url_for("static", filename=filename, v=version)


def weekday_names(
    days: list[int], width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"
) -> str:
    """[0, 2] -> "Monday and Wednesday" in the reader's language."""
    locale = get_locale()
    names = get_day_names(width, locale=locale)
    return format_list([names[day] for day in days], locale=locale) if days else ""


def short_date(value: date | datetime | None) -> str:
    """The day, in Swedish time for a timestamp: "23 nov. 2026"."""
    if value is None:
        return ""
    return format_date(value, "medium")


def date_time(value: datetime | None) -> str:
    """Day and time in Swedish time, for staff pages where the minute matters."""
    return format_datetime(value, "short") if value else ""


def local_zone() -> ZoneInfo:
    """Sweden's time zone: dates and times are shown and typed in it, and stored in UTC."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def day_date(value: date | datetime | None) -> str:
    """Weekday and day, in Swedish time for a timestamp: "tis 1 dec." (with the year when
    it is not this year). For what is close at hand: bookings, meetings, text messages."""
    if value is None:
        return ""
    zone = local_zone()
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 12, tzinfo=zone)
    this_year = datetime.now(zone).year
    skeleton = "MMMEd" if value.astimezone(zone).year == this_year else "yMMMEd"
    return format_skeleton(skeleton, value, tzinfo=zone, locale=get_locale())


def long_date(value: date | None) -> str:
    return format_date(value, "full") if value else ""


def day_and_date(value: date | None) -> str:
    """The weekday and the date without the year: "Monday 7 September", "الاثنين، 7 سبتمبر".

    CLDR's closest pattern for a weekday, day and month often abbreviates them; CLDR asks a
    matched pattern to be widened to the fields requested, which Babel does not do.
    """
    if value is None:
        return ""
    locale = get_locale()
    skeleton = match_skeleton("MMMMEEEEd", locale.datetime_skeletons.keys())
    pattern = str(locale.datetime_skeletons[skeleton].pattern) if skeleton else "EEEE d MMMM"
    # Outside quoted literals: E, EE, EEE -> EEEE; MMM -> MMMM; LLL -> LLLL.
    parts = re.split(r"('[^']*')", pattern)
    for index in range(0, len(parts), 2):
        widened = re.sub(r"(?<!E)E{1,3}(?!E)", "EEEE", parts[index])
        parts[index] = re.sub(r"(?<![ML])([ML])\1\1(?![ML])", r"\1\1\1\1", widened)
    return format_date(value, "".join(parts))


def date_range(start: date, end: date) -> str:
    """Two days as one range in the reader's language: "7–13 sep. 2026"."""
    return str(format_interval(start, end, "yMMMd", locale=get_locale()))


def clock(value: time | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_time(value, "short")
    return format_time(value, "short", rebase=False)


def bdi(value: object) -> Markup:
    """Isolate a number, code, name or address so it cannot scramble right-to-left text."""
    return Markup("<bdi>{}</bdi>").format(value)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(static_url=static_url)
    app.jinja_env.filters.update(
        phone=phone.display,
        weekdays=weekday_names,
        short_date=short_date,
        date_time=date_time,
        long_date=long_date,
        day_and_date=day_and_date,
        date_range=date_range,
        day_date=day_date,
        clock=clock,
        bdi=bdi,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
