"""The periods figures are counted over: a month, a quarter or a year in Swedish time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache

from babel.dates import format_skeleton
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from portal.dates import local_zone
from portal.vocabulary import Labelled


class Unit(Labelled):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {cls.MONTH: _l("Month"), cls.QUARTER: _l("Quarter"), cls.YEAR: _l("Year")}


@dataclass(frozen=True)
class Period:
    unit: Unit
    first: date  # the first day
    after: date  # the day after the last

    @property
    def code(self) -> str:
        """As in a URL and in the downloads: 2026-11, 2026-Q4, 2026."""
        if self.unit is Unit.MONTH:
            return f"{self.first.year}-{self.first.month:02d}"
        if self.unit is Unit.QUARTER:
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        return str(self.first.year)

    @property
    def label(self) -> str:
        return _label(self.unit, self.first, str(get_locale()))

    @property
    def starts(self) -> datetime:
        return _utc(self.first)

    @property
    def ends(self) -> datetime:
        return _utc(self.after)

    def before(self) -> Period:
        return containing(self.unit, date.fromordinal(self.first.toordinal() - 1))

    def __str__(self) -> str:
        return self.code


@lru_cache(maxsize=1024)
def _label(unit: Unit, first: date, locale: str) -> str:
    skeleton = {Unit.MONTH: "yMMMM", Unit.QUARTER: "yQQQ", Unit.YEAR: "y"}[unit]
    moment = datetime.combine(first, time(12), tzinfo=local_zone())
    return str(format_skeleton(skeleton, moment, tzinfo=local_zone(), locale=locale))


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=local_zone()).astimezone(UTC)


def _months(unit: Unit) -> int:
    return {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12}[unit]


def containing(unit: Unit, day: date) -> Period:
    size = _months(unit)
    month = (day.month - 1) // size * size + 1
    first = date(day.year, month, 1)
    index = first.year * 12 + first.month - 1 + size
    return Period(unit, first, date(index // 12, index % 12 + 1, 1))


def parse(code: str | None) -> Period | None:
    """A period from its code, or None for anything else."""
    code = (code or "").strip()
    try:
        if found := re.fullmatch(r"(\d{4})-(\d{2})", code):
            return containing(Unit.MONTH, date(int(found[1]), int(found[2]), 1))
        if found := re.fullmatch(r"(\d{4})-Q([1-4])", code):
            return containing(Unit.QUARTER, date(int(found[1]), int(found[2]) * 3 - 2, 1))
        if re.fullmatch(r"\d{4}", code):
            return containing(Unit.YEAR, date(int(code), 1, 1))
    except ValueError:
        return None
    return None


def recent(unit: Unit, today: date, count: int = 12) -> list[Period]:
    """The period that contains today and those before it, newest first."""
    periods = [containing(unit, today)]
    while len(periods) < count:
        periods.append(periods[-1].before())
    return periods
