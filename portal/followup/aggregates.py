"""SQL the figures are built from: counts by municipality and gender, and percentiles of
days, each computed by the database whatever the number of participants."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal_column,
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
    later, earlier = list(element.clauses)
    return (
        f"CAST(floor(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
        f"{compiler.process(earlier, **kw)})) / 86400.0) AS INTEGER)"
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
    (a person without a plan has no days to it): one list of spreads per measure."""
    if db.session.get_bind().dialect.name == "postgresql":
        return _spreads_postgresql(values, measures)
    source = values.subquery()
    return [
        _spreads_sqlite(
            select(source.c[0], source.c[1], source.c[2], source.c[3 + index]).where(
                source.c[3 + index].is_not(None)
            )
        )
        for index in range(measures)
    ]


def _spreads_sqlite(values: Select[Any]) -> list[Spreads]:
    """The values read once (a CTE) and ranked four ways in one statement."""
    source = values.cte("measured")
    period, municipality, gender, days = (source.c[index] for index in range(4))
    total: Any = literal_column(f"'{TOTAL}'")
    county: Any = cast(null(), Integer)
    levels = [
        _percentiles(source, period, row, column, days)
        for row, column in (
            (municipality, gender),
            (municipality, total),
            (county, gender),
            (county, total),
        )
    ]
    result: list[Spreads] = [{}, {}]
    for slot_, row, column, people, median, p90 in db.session.execute(union_all(*levels)):
        result[slot_][(row, column)] = Spread(int(people), median, p90)
    return result


def _spreads_postgresql(values: Select[Any] | CompoundSelect, measures: int) -> list[list[Spreads]]:
    """The same with PostgreSQL's ordered-set aggregate: percentile_disc is the nearest
    rank and ignores NULLs, and GROUPING SETS gives the four levels of every measure in one
    pass over the rows."""
    source = values.subquery()
    period, municipality, gender = (source.c[index] for index in range(3))
    aggregated: list[Any] = []
    for index in range(measures):
        days = source.c[3 + index]
        aggregated += [
            func.count(days),
            func.percentile_disc(0.5).within_group(days),
            func.percentile_disc(0.9).within_group(days),
        ]
    query = select(period, municipality, gender, *aggregated).group_by(
        func.grouping_sets(
            tuple_(period, municipality, gender),
            tuple_(period, municipality),
            tuple_(period, gender),
            tuple_(period),
        )
    )
    result: list[list[Spreads]] = [[{}, {}] for _ in range(measures)]
    for slot_, row, column, *measured in db.session.execute(query):
        for index in range(measures):
            people, median, p90 = measured[3 * index : 3 * index + 3]
            if people:
                result[index][slot_][(row, column or TOTAL)] = Spread(int(people), median, p90)
    return result


def _percentiles(source: Any, period: Any, row: Any, column: Any, days: Any) -> Select[Any]:
    partition = [period, row, column]
    ranked = (
        select(
            period.label("slot"),
            row.label("row"),
            column.label("col"),
            days.label("days"),
            func.row_number().over(partition_by=partition, order_by=days).label("rank"),
            func.count().over(partition_by=partition).label("people"),
        )
        .select_from(source)
        .subquery()
    )

    def nearest(numerator: int, denominator: int) -> ColumnElement[Any]:
        # The nearest-rank percentile: the value at rank ceil(n * p), in integer arithmetic.
        wanted = (ranked.c.people * numerator + denominator - 1) // denominator
        return func.max(case((ranked.c.rank == wanted, ranked.c.days)))

    return select(
        ranked.c.slot,
        ranked.c.row,
        ranked.c.col,
        func.max(ranked.c.people),
        nearest(1, 2),
        nearest(9, 10),
    ).group_by(ranked.c.slot, ranked.c.row, ranked.c.col)


def within(column: Any, starts: Any, ends: Any) -> ColumnElement[bool]:
    return and_(column >= starts, column < ends)
