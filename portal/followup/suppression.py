"""Counts below five are hidden, and so is any other count that would reveal one.

A table of counts has relations: each row's total is the sum of its cells, and the county's
row is the sum of the municipalities'. A hidden count can be worked out from a relation in
which it is the only hidden number, so one more number of that relation is hidden too (the
smallest that is not zero), until no relation has exactly one hidden number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SMALLEST_SHOWN = 5

Key = tuple[Any, Any]


def too_small(count: int) -> bool:
    return 0 < count < SMALLEST_SHOWN


def hidden_counts(
    counts: Mapping[Any, int], relations: Iterable[tuple[Any, list[Any]]]
) -> set[Any]:
    """Which cells to hide. `relations` are (total, parts) with total = sum of parts."""
    hidden = {key for key, count in counts.items() if too_small(count)}
    groups = [[total, *parts] for total, parts in relations]
    changed = True
    while changed:
        changed = False
        for group in groups:
            unknown = [key for key in group if key in hidden]
            if len(unknown) != 1:
                continue
            candidates = [key for key in group if key not in hidden]
            if not candidates:
                continue
            nonzero = [key for key in candidates if counts.get(key, 0) > 0] or candidates
            hidden.add(min(nonzero, key=lambda key: (counts.get(key, 0), str(key))))
            changed = True
    return hidden


def share_hidden(part: int, whole: int) -> bool:
    """A share reveals a small group when the part, the rest or the whole is below five."""
    return whole < SMALLEST_SHOWN or too_small(part) or too_small(whole - part)
