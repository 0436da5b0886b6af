"""Issue 12: dates from each language's own CLDR patterns, time ranges from CLDR's intervals."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask import Flask
from flask_babel import force_locale

from portal import dates
from portal.config import Config
from portal.dates import day_and_date, day_date, long_date, short_date, time_range
from portal.schedule.entries import SWEDEN
from tests.support.pages import Portal
from tests.support.world import World

pytestmark = pytest.mark.sqlite_only


def shown(app: Flask, code: str, function: object, *args: object) -> str:
    with app.test_request_context(), force_locale(code):
        return str(function(*args))  # type: ignore[operator]


def test_dari_dates_are_written_as_dari_writes_them(app: Flask) -> None:
    # CLDR's own fa_AF patterns are English copies: "چهارشنبه, فبروری 10, 2027".
    assert shown(app, "fa_AF", day_date, date(2030, 2, 13)) == "چهارشنبه 13 فبروری 2030"
    assert shown(app, "fa_AF", long_date, date(2027, 2, 10)) == "چهارشنبه 10 فبروری 2027"
    assert shown(app, "fa_AF", day_and_date, date(2026, 11, 30)) == "دوشنبه 30 نومبر"


def test_sorani_day_headings_come_from_sorani_patterns(app: Flask) -> None:
    # Babel fell back to root's "MMM d, E": "تشرینی دووەم 30, دووشەممە".
    heading = shown(app, "ckb", day_and_date, date(2026, 11, 30))
    assert heading == "دووشەممە، 30ی تشرینی دووەم"
    assert "," not in shown(app, "ckb", day_date, date(2026, 11, 30))


def test_somali_months_are_somali(app: Flask) -> None:
    # CLDR's abbreviated Somali months Jan, Feb, Mar, May, Jun read as English.
    for function in (day_date, short_date, day_and_date):
        text = shown(app, "so", function, date(2027, 2, 10))
        assert "Febraayo" in text and "Feb " not in text and "Feb," not in text, text
    assert "Febraayo" in shown(app, "so", dates.date_range, date(2027, 2, 8), date(2027, 2, 14))


@pytest.mark.parametrize("code", Config.LANGUAGES)
def test_no_date_pattern_comes_from_cldrs_root(app: Flask, code: str) -> None:
    """Every skeleton used is found in the language's own data (or its parent's)."""
    for skeleton in ("MMMEd", "yMMMEd", "MMMMEEEEd", "yMMMd"):
        options = dates.own_skeletons(code)
        from babel.dates import match_skeleton

        assert match_skeleton(dates._month_width(skeleton, code), options.keys()), (
            code,
            skeleton,
        )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("sv", "08:30–12:00"),
        ("fa", "8:30 تا 12:00"),
        ("fa_AF", "8:30 تا 12:00"),
        ("en", "8:30 AM – 12:00 PM"),
        ("ar", "8:30 ص – 12:00 م"),
        ("uk", "08:30–12:00"),
    ],
)
def test_time_ranges_are_cldrs_intervals(app: Flask, code: str, expected: str) -> None:
    text = shown(app, code, time_range, time(8, 30), time(12, 0)).replace("\u202f", " ")
    assert text.replace("\u2009", " ") == expected


def test_the_week_writes_persian_time_ranges_with_persian_words(
    app: Flask, world: World, clock: object
) -> None:
    participant = world.participant(language="fa")
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    week = portal.get("/week/2026-W37")
    times = week.soup.select("section.day")[0].select_one(".entry__time").get_text()
    assert times == "8:30 تا 12:00"  # no dash between bare times, which reads backwards here


def test_times_and_dates_keep_latin_digits_in_every_language(app: Flask) -> None:
    for code in Config.LANGUAGES:
        for text in (
            shown(app, code, time_range, time(8, 30), time(12, 0)),
            shown(app, code, day_and_date, date(2026, 11, 30)),
            shown(app, code, day_date, datetime(2027, 2, 10, 9, 0, tzinfo=SWEDEN)),
        ):
            assert not any(char in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹" for char in text), (code, text)


def test_each_date_and_time_is_formatted_once_per_language(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: Babel formatted every meeting's day and hours anew on every page (16 % of
    /week, and most of the offer's occasions). The same value in the same language is now
    formatted once; another language still gets its own words."""
    calls: list[str] = []

    def counted(name: str, real: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls.append(name)
            return real(*args, **kwargs)  # type: ignore[operator]

        return wrapper

    for cached in (dates._formatted, dates._clock, dates._interval):
        cached.cache_clear()
    for name in ("format_datetime", "format_time", "format_interval"):
        monkeypatch.setattr(dates, name, counted(name, getattr(dates, name)))
    starts = datetime(2031, 3, 4, 8, 30, tzinfo=SWEDEN)
    ends = datetime(2031, 3, 4, 12, 0, tzinfo=SWEDEN)
    swedish = [shown(app, "sv", f, *a) for f, a in 2 * [(day_date, (starts,))]]
    hours = [shown(app, "sv", time_range, starts, ends) for _ in range(2)]
    clocks = [shown(app, "sv", dates.clock, starts) for _ in range(2)]
    assert len(set(swedish)) == len(set(hours)) == len(set(clocks)) == 1
    assert sorted(calls) == ["format_datetime", "format_interval", "format_time"]
    arabic = shown(app, "ar", day_date, starts)
    assert arabic != swedish[0]
    shown(app, "ar", time_range, starts, ends)
    assert len(calls) == 5
