"""Medians and 90th percentiles of days, found in counts of each number of days, are the
nearest-rank percentiles of the values themselves (PostgreSQL's percentile_disc), at each
level: municipality and gender, municipality, gender in the county, the county; and the
days are whole days rounded down, as retention keeps them (timedelta.days)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Integer, String, func, literal, select, union_all

from portal.database import UTCDateTime, db
from portal.followup.aggregates import COUNTY, TOTAL, Spread, days_between, spreads_of

MUNICIPALITIES = (11, 12, 13)
GENDERS = ("woman", "man", "other")


def _rows() -> list[tuple[Any, ...]]:
    """Ties, gaps, groups of one, and measures missing for some."""
    chance = random.Random(7)
    rows = []
    for _ in range(180):  # SQLite takes at most 500 rows of VALUES in a statement
        days = [
            None if chance.random() < 0.2 else chance.choice([0, 1, 1, 2, 5, 8, 13, 40, 41, 300])
            for _measure in range(2)
        ]
        rows.append(
            (chance.randrange(2), chance.choice(MUNICIPALITIES), chance.choice(GENDERS), *days)
        )
    rows.append((0, 99, "other", 4, None))  # a municipality of one person
    return rows


def _source(rows: list[tuple[Any, ...]]) -> Any:
    names = ("slot", "municipality_id", "gender", "to_plan", "to_approval")
    kinds = (Integer, Integer, String, Integer, Integer)
    return union_all(
        *(
            select(
                *(
                    literal(value, kind()).label(name)
                    for value, name, kind in zip(row, names, kinds, strict=True)
                )
            )
            for row in rows
        )
    )


def _nearest_rank(found: list[int], numerator: int, denominator: int) -> int:
    ordered = sorted(found)
    rank = -(-len(ordered) * numerator // denominator)  # ceil, never below 1 here
    return ordered[rank - 1]


def _by_hand(rows: list[tuple[Any, ...]], measure: int) -> list[dict[Any, Spread]]:
    cells: list[dict[Any, list[int]]] = [defaultdict(list), defaultdict(list)]
    for slot, municipality, gender, *days in rows:
        if days[measure] is None:
            continue
        for cell in (
            (municipality, gender),
            (municipality, TOTAL),
            (COUNTY, gender),
            (COUNTY, TOTAL),
        ):
            cells[slot][cell].append(days[measure])
    return [
        {
            cell: Spread(len(found), _nearest_rank(found, 1, 2), _nearest_rank(found, 9, 10))
            for cell, found in by_cell.items()
        }
        for by_cell in cells
    ]


def test_spreads_are_the_nearest_rank_percentiles_of_the_values(app: Flask) -> None:
    rows = _rows()
    with app.app_context():
        found = spreads_of(_source(rows), 2)
        assert found == [_by_hand(rows, 0), _by_hand(rows, 1)]
        assert found[0][0][(99, TOTAL)] == Spread(1, 4, 4)
        if db.engine.dialect.name == "postgresql":
            # ...which is what PostgreSQL's own ordered-set aggregate gives.
            source = _source(rows).subquery()
            plans = source.c.to_plan
            county = select(
                source.c.slot,
                func.count(plans),
                func.percentile_disc(0.5).within_group(plans),
                func.percentile_disc(0.9).within_group(plans),
            ).group_by(source.c.slot)
            for slot, people, median, p90 in db.session.execute(county):
                assert found[0][slot][(COUNTY, TOTAL)] == Spread(people, median, p90)


def test_days_between_are_whole_days_rounded_down_as_python_counts_them(app: Flask) -> None:
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Swedish summer time begins
    spans = [
        timedelta(0),
        timedelta(milliseconds=1),
        -timedelta(milliseconds=1),
        timedelta(days=3) - timedelta(milliseconds=1),
        timedelta(days=3),
        timedelta(days=-2, hours=5),
        timedelta(days=365 * 30) - timedelta(milliseconds=1),
        timedelta(days=365 * 30, milliseconds=1),
    ]
    # SQLite's julianday() is exact to a few tens of microseconds; PostgreSQL to one.
    close = [timedelta(microseconds=1), -timedelta(microseconds=1)]
    close += [timedelta(days=365 * 30) - timedelta(microseconds=1)]
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            spans += close
        for span in spans:
            later = literal(start + span, UTCDateTime())
            earlier = literal(start, UTCDateTime())
            found = db.session.scalar(select(days_between(later, earlier)))
            assert found == span.days, span
