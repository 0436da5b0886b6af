"""SQL the figures are built from: counts by municipality and gender, and percentiles of
days, each computed by the database whatever the number of participants."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    func,
    literal,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import CompoundSelect

from portal.database import db

# Rows of a figure: municipality ids, and None for the county. Columns: genders, and "total".
COUNTY = None
TOTAL = "total"


class days_between(FunctionElement[int]):
    """Whole days from the second timestamp to the first (rounded down, as Python's
    timedelta.days, which is what retention keeps of a person: see followup.kept)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    days = (
        f"(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}))"
    )
    return f"(CAST({days} AS INTEGER) - ({days} < CAST({days} AS INTEGER)))"


@compiles(days_between, "postgresql")
def _days_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    # date_part gives the seconds as a double; EXTRACT, as numeric, took three times as long
    # over 100,000 rows. A double holds microseconds exactly enough, over decades, that the
    # whole days come out the same.
    later, earlier = list(element.clauses)
    return (
        f"CAST(floor(date_part('epoch', {compiler.process(later, **kw)} - "
        f"{compiler.process(earlier, **kw)}) / 86400.0) AS INTEGER)"
    )


# (row, column) -> value, for one period. Slot 0 is the period asked for, 1 the one before.
Counts = dict[tuple[int | None, str], int]


def slot(column: Any, current_starts: Any) -> ColumnElement[int]:
    """0 for the period asked for, 1 for the one before (the query covers both)."""
    return case((column >= current_starts, 0), else_=1)


def counts(query: Select[Any]) -> list[Counts]:
    """`query` gives (slot, municipality_id, gender, count) grouped by the first three; the
    result adds each municipality's total and the county's row, for each slot. The sums are
    over at most a few dozen groups."""
    result: list[Counts] = [defaultdict(int), defaultdict(int)]
    for period, municipality_id, gender, count in db.session.execute(query):
        for row in (municipality_id, COUNTY):
            result[period][(row, gender)] += count
            result[period][(row, TOTAL)] += count
    return [dict(found) for found in result]


def by_group(query: Select[Any]) -> Counts:
    """(municipality_id, gender, count) rows as a figure's cells, with totals."""
    found: Counts = defaultdict(int)
    for municipality_id, gender, count in db.session.execute(query):
        for row in (municipality_id, COUNTY):
            found[(row, gender)] += count
            found[(row, TOTAL)] += count
    return dict(found)


def by_area(query: Any, areas: tuple[Any, ...]) -> dict[Any, Counts]:
    """(municipality_id, gender, count in each area...) rows as one figure per area."""
    result: dict[Any, Counts] = {area: defaultdict(int) for area in areas}
    for municipality_id, gender, *per_area in db.session.execute(query):
        for area, count in zip(areas, per_area, strict=True):
            if not count:
                continue  # as in every other count: a cell nobody is in is absent
            for row in (municipality_id, COUNTY):
                result[area][(row, gender)] += count
                result[area][(row, TOTAL)] += count
    return {area: dict(found) for area, found in result.items()}


def plus(*found: Counts) -> Counts:
    total: Counts = defaultdict(int)
    for counts_ in found:
        for cell, count in counts_.items():
            total[cell] += count
    return dict(total)


def both(living: list[Counts], kept: list[Counts]) -> list[Counts]:
    """The living's counts and the anonymised's, for each slot."""
    return [plus(a, b) for a, b in zip(living, kept, strict=True)]


@dataclass(frozen=True)
class Spread:
    people: int
    median: float | None
    p90: float | None


Spreads = dict[tuple[int | None, str], Spread]


def spreads(values: Select[Any] | CompoundSelect) -> list[Spreads]:
    """The median and 90th percentile (nearest rank) of `values`, which gives
    (slot, municipality_id, gender, days) for each person or booking: per municipality and
    gender, per municipality, per gender in the county, and for the county."""
    return spreads_of(values, 1)[0]


def spreads_of(values: Select[Any] | CompoundSelect, measures: int) -> list[list[Spreads]]:
    """The same for several measures of the same rows, which `values` gives as
    (slot, municipality_id, gender, days_1, ..., days_n), NULL where a row has no value
    (a person without a plan has no days to it): one list of spreads per measure.

    Days are whole numbers, few of them different: the database counts how many rows have
    each number of days, per slot, municipality and gender, hashed rather than sorted, and
    the ranks are found in those counts. (Ranking each level's rows in SQL, with ordered-set
    aggregates over grouping sets, sorted 100,000 rows eight times, and cost most of the
    figures page.)"""
    source = values.subquery()
    period, municipality, gender = (source.c[index] for index in range(3))
    days = [source.c[3 + index] for index in range(measures)]
    query: Select[Any] | CompoundSelect
    if db.session.get_bind().dialect.name == "postgresql":
        # One pass over the rows for every measure; GROUPING(days) is 0 in its own set.
        query = select(
            *(func.grouping(measured) for measured in days),
            period,
            municipality,
            gender,
            *days,
            func.count(),
        ).group_by(
            func.grouping_sets(
                *(tuple_(period, municipality, gender, measured) for measured in days)
            )
        )
    else:
        # SQLite has no grouping sets: a pass for each measure.
        query = union_all(
            *(
                select(
                    *(literal(int(other != index)) for other in range(measures)),
                    period,
                    municipality,
                    gender,
                    *(
                        measured if other == index else null()
                        for other, measured in enumerate(days)
                    ),
                    func.count(),
                )
                .where(days[index].is_not(None))
                .group_by(period, municipality, gender, days[index])
                for index in range(measures)
            )
        )
    # (measure, slot) -> cell -> days -> how many
    found: dict[tuple[int, int], dict[tuple[int | None, str], Counter[int]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for result in db.session.execute(query):
        index = list(result[:measures]).index(0)
        slot_, row, column = result[measures : measures + 3]
        value, count = result[measures + 3 + index], result[-1]
        if value is None:  # those without this measure
            continue
        cells = found[(index, slot_)]
        for cell in ((row, column), (row, TOTAL), (COUNTY, column), (COUNTY, TOTAL)):
            cells[cell][value] += count
    return [
        [
            {cell: _spread(counted) for cell, counted in found[(index, slot_)].items()}
            for slot_ in (0, 1)
        ]
        for index in range(measures)
    ]


def _spread(counted: Counter[int]) -> Spread:
    people = sum(counted.values())
    return Spread(
        people, _nearest_rank(counted, people, 1, 2), _nearest_rank(counted, people, 9, 10)
    )


def _nearest_rank(counted: Counter[int], people: int, numerator: int, denominator: int) -> int:
    """The value at rank ceil(people * p) in order (PostgreSQL's percentile_disc), in
    integer arithmetic."""
    wanted = (people * numerator + denominator - 1) // denominator
    seen = 0
    for days, count in sorted(counted.items()):
        seen += count
        if seen >= wanted:
            return days
    raise ValueError("a rank beyond the values")  # cannot be: wanted <= people


def within(column: Any, starts: Any, ends: Any) -> ColumnElement[bool]:
    return and_(column >= starts, column < ends)
