"""Bar charts drawn on the server as SVG, for the period and the one before: women, men and
other in the county or in one municipality, or every municipality's total. Every chart sits
beside a table with all its numbers."""

from __future__ import annotations

from dataclasses import dataclass

from portal.followup.aggregates import COUNTY, TOTAL
from portal.followup.values import COLUMNS, Figure, Kind

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 18
GAP = 6
GROUP_GAP = 14


@dataclass(frozen=True)
class Bar:
    row: int | None  # a municipality, or None for the county
    column: str
    previous: bool
    y: int
    width: int
    number: float | None
    hidden: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    scale_max: float
    by_gender: bool  # bars labelled by gender (one place), else by municipality (totals)


def chart(figure: Figure, row: int | None = COUNTY) -> Chart:
    """Two bars (this period, the one before) for women, men and other in one place: the
    county, or a municipality."""
    return _drawn(figure, [(row, column) for column in COLUMNS[:-1]], by_gender=True)


def by_municipality(figure: Figure, rows: list[int]) -> Chart:
    """Two bars (this period, the one before) for each municipality's total."""
    return _drawn(figure, [(row, TOTAL) for row in rows], by_gender=False)


def _drawn(figure: Figure, cells: list[tuple[int | None, str]], by_gender: bool) -> Chart:
    values = [
        (row, column, previous, figure.value(previous, row, column))
        for row, column in cells
        for previous in (False, True)
    ]
    largest = max((v.number or 0 for *_cell, v in values), default=0)
    scale_max = 100.0 if figure.kind is Kind.SHARE else float(largest or 1)
    room = WIDTH - LABEL_WIDTH - 80
    bars = []
    y = GAP
    for index, (row, column, previous, value) in enumerate(values):
        width = 0 if value.number is None else round(room * value.number / scale_max)
        bars.append(Bar(row, column, previous, y, max(width, 0), value.number, value.hidden))
        y += BAR_HEIGHT + (GROUP_GAP if index % 2 else GAP)
    return Chart(bars, y, scale_max, by_gender)
