"""What a follow-up figure is: its values by municipality (or the county) and gender for a
period and the one before, shown or hidden; and what a reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from portal.booking.vocabulary import OccasionType
from portal.followup.aggregates import TOTAL
from portal.followup.periods import Period
from portal.organisations.models import Municipality
from portal.vocabulary import Area, Gender

COLUMNS = (Gender.WOMAN.value, Gender.MAN.value, Gender.OTHER.value, TOTAL)
# The areas of a plan the agreements follow up.
AREAS = (Area.WORK, Area.SWEDISH, Area.HEALTH, Area.HOUSING, Area.FAMILY)
BOOKED_KINDS = (OccasionType.CIVIC_ORIENTATION, OccasionType.SFI)


class Kind(StrEnum):
    COUNT = "count"
    DAYS = "days"
    SHARE = "share"


@dataclass(frozen=True)
class Value:
    number: float | None  # None when hidden or when there is nothing to measure
    hidden: bool = False


@dataclass
class Figure:
    key: str
    title: str
    kind: Kind
    group: str
    # [this period, the one before]: (municipality id or None for the county, column) -> value
    values: list[dict[tuple[int | None, str], Value]] = field(default_factory=list)

    def value(self, previous: bool, row: int | None, column: str) -> Value:
        return self.values[1 if previous else 0].get(
            (row, column), Value(0 if self.kind is Kind.COUNT else None)
        )


@dataclass
class Hosting:
    """Seats booked in another municipality than one's own in the period: who hosts whom.
    Rows are homes the reader may see; the county's row (None) is every home's."""

    homes: list[int]
    hosts: list[int]
    values: dict[tuple[int | None, int | str], Value]


@dataclass
class Figures:
    period: Period
    previous: Period
    municipalities: list[Municipality]  # the rows the reader may see, by name
    all_municipalities: list[Municipality]  # the county's, for naming hosts
    figures: list[Figure]
    hosting: dict[str, Hosting]  # by kind of occasion


@dataclass
class Scope:
    county_id: int
    # The municipalities whose rows are shown; every municipality when the reader is
    # county-wide. Hiding is decided on the whole county, so that two readers never see
    # two different versions of one figure.
    municipality_ids: set[int] | None = None
