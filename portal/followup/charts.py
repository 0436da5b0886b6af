"""Bar charts drawn on the server as SVG: the county's women, men and other for the period
and the one before. Every chart sits beside a table with all its numbers."""

from __future__ import annotations

from dataclasses import dataclass

from portal.followup.aggregates import COUNTY
from portal.followup.values import COLUMNS, Figure, Kind

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 18
GAP = 6
GROUP_GAP = 14


@dataclass(frozen=True)
class Bar:
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


def chart(figure: Figure) -> Chart:
    """Two bars (this period, the one before) for women, men and other in the county."""
    columns = COLUMNS[:-1]
    values = [
        (column, previous, figure.value(previous, COUNTY, column))
        for column in columns
        for previous in (False, True)
    ]
    largest = max((v.number or 0 for _c, _p, v in values), default=0)
    scale_max = 100.0 if figure.kind is Kind.SHARE else float(largest or 1)
    room = WIDTH - LABEL_WIDTH - 80
    bars = []
    y = GAP
    for index, (column, previous, value) in enumerate(values):
        width = 0 if value.number is None else round(room * value.number / scale_max)
        bars.append(Bar(column, previous, y, max(width, 0), value.number, value.hidden))
        y += BAR_HEIGHT + (GROUP_GAP if index % 2 else GAP)
    return Chart(bars, y, scale_max)
