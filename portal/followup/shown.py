"""Counts turned into the values a reader sees: shares and days computed, and every count
that is small, or that would reveal a small one, hidden (`suppression`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.followup import aggregates
from portal.followup.aggregates import COUNTY, TOTAL, Counts, Spreads
from portal.followup.suppression import SMALLEST_SHOWN, hidden_counts, share_hidden
from portal.followup.values import COLUMNS, Figure, Hosting, Kind, Value

Shown = dict[Any, Value]
HIDDEN = Value(None, hidden=True)


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


def _shown(found: Counts, relations: list[tuple[Any, list[Any]]] | None = None) -> Shown:
    hidden = hidden_counts(found, _relations(found) if relations is None else relations)
    shown = {key: Value(count) for key, count in found.items()}
    # A hidden cell may be a zero that is not among the counts: it is hidden all the same.
    return shown | {key: HIDDEN for key in hidden}


def count(key: str, title: LazyString | str, found: list[Counts], group: str = "plans") -> Figure:
    return Figure(key, str(title), Kind.COUNT, group, [_shown(counts) for counts in found])


def share(
    key: str,
    title: LazyString,
    parts: list[Counts],
    wholes: list[Counts],
    group: str = "plans",
) -> Figure:
    """part / whole in percent. The whole is a figure of its own, so a shown share gives away
    its part: a share hides like a count of the part (and of the rest), together with what
    the county's row and each row's total would reveal."""
    values = []
    for part, whole in zip(parts, wholes, strict=True):
        small = {cell for cell, count in whole.items() if share_hidden(part.get(cell, 0), count)}
        hidden = hidden_counts(
            {cell: part.get(cell, 0) for cell in whole},
            _relations(whole),
            hidden={cell for cell in small if whole[cell] > 0},
            known={cell for cell, count in whole.items() if count == 0},
        )
        shown: Shown = {}
        for cell, count in whole.items():
            if cell in hidden:
                shown[cell] = HIDDEN
            elif count == 0:
                shown[cell] = Value(None)  # nothing to measure
            else:
                shown[cell] = Value(round(100 * part.get(cell, 0) / count, 1))
        values.append(shown)
    return Figure(key, str(title), Kind.SHARE, group, values)


def elsewhere(
    key: str, title: LazyString, by_gender: list[Counts], by_host: list[Counts], group: str
) -> tuple[Figure, Hosting]:
    """Seats booked in another municipality, by gender and by host: two tables with the same
    row totals, hidden together so that neither gives away what the other hides."""
    values = []
    for genders, homes_by_host in zip(by_gender, by_host, strict=True):
        together = {**genders, **homes_by_host}
        rows = {row for row, _column in together} | {COUNTY}
        columns = sorted({column for _row, column in homes_by_host if column != TOTAL})
        relations = _relations(genders) + [
            ((row, TOTAL), [(row, host) for host in columns]) for row in rows
        ]
        municipalities = [row for row in rows if row is not COUNTY]
        relations += [((COUNTY, host), [(row, host) for row in municipalities]) for host in columns]
        values.append(_shown(together, relations))
    figure = Figure(
        key,
        str(title),
        Kind.COUNT,
        group,
        [
            {cell: v for cell, v in shown.items() if not isinstance(cell[1], int)}
            for shown in values
        ],
    )
    current = by_host[0]
    homes = sorted({row for row, _column in current if row is not COUNTY})
    hosts = sorted({int(column) for _row, column in current if column != TOTAL})
    return figure, Hosting(homes, hosts, values[0])


def days(key: str, title: LazyString, found: list[Spreads], group: str = "plans") -> list[Figure]:
    """The median of fewer than five people is hidden, as a count of them would be; the 90th
    percentile of fewer than ten is the largest value, one person's own number, and is
    hidden too."""

    def measure(
        pick: Callable[[aggregates.Spread], float | None], fewest: int
    ) -> list[dict[Any, Value]]:
        return [
            {
                cell: HIDDEN
                if 0 < spread.people < fewest
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
            measure(lambda s: s.median, SMALLEST_SHOWN),
        ),
        Figure(
            f"{key}_p90",
            str(_l("%(figure)s: 90th percentile", figure=title)),
            Kind.DAYS,
            group,
            measure(lambda s: s.p90, 2 * SMALLEST_SHOWN),
        ),
    ]
