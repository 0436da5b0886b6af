"""Counts turned into the values a reader sees: shares and days computed, and every count
that is small, or that would reveal a small one, hidden (`suppression`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.followup import aggregates
from portal.followup.aggregates import COUNTY, TOTAL, Counts, Spreads
from portal.followup.suppression import hidden_counts, share_hidden
from portal.followup.values import COLUMNS, Figure, Kind, Value


def _relations(found: Counts) -> list[tuple[Any, list[Any]]]:
    rows = {row for row, _column in found} | {COUNTY}
    genders = COLUMNS[:-1]
    relations: list[tuple[Any, list[Any]]] = [
        ((row, TOTAL), [(row, gender) for gender in genders]) for row in rows
    ]
    municipalities = [row for row in rows if row is not COUNTY]
    relations += [
        ((COUNTY, column), [(row, column) for row in municipalities]) for column in COLUMNS
    ]
    return relations


def _shown(found: Counts) -> dict[tuple[int | None, str], Value]:
    hidden = hidden_counts(found, _relations(found))
    return {
        key: Value(None, hidden=True) if key in hidden else Value(count)
        for key, count in found.items()
    }


def count(key: str, title: LazyString | str, found: list[Counts], group: str = "plans") -> Figure:
    return Figure(key, str(title), Kind.COUNT, group, [_shown(counts) for counts in found])


def share(
    key: str,
    title: LazyString,
    parts: list[Counts],
    wholes: list[Counts],
    group: str = "plans",
) -> Figure:
    values = []
    for part, whole in zip(parts, wholes, strict=True):
        shown: dict[tuple[int | None, str], Value] = {}
        for cell, count in whole.items():
            got = part.get(cell, 0)
            if share_hidden(got, count):
                shown[cell] = Value(None, hidden=count > 0)
            else:
                shown[cell] = Value(round(100 * got / count, 1))
        values.append(shown)
    return Figure(key, str(title), Kind.SHARE, group, values)


def days(key: str, title: LazyString, found: list[Spreads], group: str = "plans") -> list[Figure]:
    def measure(pick: Callable[[aggregates.Spread], float | None]) -> list[dict[Any, Value]]:
        return [
            {
                cell: Value(None, hidden=True)
                if 0 < spread.people < 5
                else Value(None if (number := pick(spread)) is None else round(number, 1))
                for cell, spread in spreads.items()
            }
            for spreads in found
        ]

    return [
        Figure(
            f"{key}_median",
            str(_l("%(figure)s: median", figure=title)),
            Kind.DAYS,
            group,
            measure(lambda s: s.median),
        ),
        Figure(
            f"{key}_p90",
            str(_l("%(figure)s: 90th percentile", figure=title)),
            Kind.DAYS,
            group,
            measure(lambda s: s.p90),
        ),
    ]
