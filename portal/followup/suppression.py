"""Counts below five are hidden, and so is any other count that would reveal one.

A table of counts has relations: each row's total is the sum of its cells, and the county's
row is the sum of the municipalities'. A hidden count can be worked out from a relation in
which it is the only hidden number, so one more number of that relation is hidden too (the
smallest that is not zero), until no relation has exactly one hidden number.

The same holds for what is not a count but reveals one: a share of a whole that is shown
(the part is the share times the whole), and the cells of two tables that share their
totals (seats booked elsewhere by gender, and by host municipality).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Any

SMALLEST_SHOWN = 5

Key = tuple[Any, Any]


def too_small(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


def hidden_counts(
    counts: Mapping[Any, int],
    relations: Iterable[tuple[Any, list[Any]]],
    hidden: Iterable[Any] = (),
    known: Container[Any] = (),
) -> set[Any]:
    """Which cells to hide. `relations` are (total, parts) with total = sum of parts;
    `hidden` are cells hidden for another reason; hiding a `known` cell protects nothing
    (the reader can work it out elsewhere), so it is never the one chosen."""
    hiding = {*hidden, *(key for key, count in counts.items() if too_small(count))}
    groups = [[total, *parts] for total, parts in relations]
    changed = True
    while changed:
        changed = False
        for group in groups:
            unknown = [key for key in group if key in hiding]
            if len(unknown) != 1:
                continue
            candidates = [key for key in group if key not in hiding and key not in known]
            if not candidates:
                continue
            nonzero = [key for key in candidates if counts.get(key, 0) > 0] or candidates
            hiding.add(min(nonzero, key=lambda key: (counts.get(key, 0), str(key))))
            changed = True
    return hiding


def share_hidden(part: int, whole: int) -> bool:
    """A share reveals a small group when the part, the rest or the whole is below five."""
    return whole < SMALLEST_SHOWN or too_small(part) or too_small(whole - part)
