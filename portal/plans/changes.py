"""What differs between two versions of a plan, item by item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.plans.models import (
    ACTIVITY_FIELDS,
    GOAL_FIELDS,
    PlanVersion,
)
from portal.plans.vocabulary import ActivityType, GoalKind


@dataclass
class Change:
    what: str  # "added", "removed", "changed"
    label: str


def changes(before: PlanVersion, after: PlanVersion) -> list[Change]:
    """What differs between two versions, item by item, in the reader's language."""
    result: list[Change] = []
    pairs: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    for items, fields_, label_of in (
        (
            (before.goals, after.goals),
            GOAL_FIELDS,
            lambda item: str(GoalKind(item["kind"]).label),
        ),
        (
            (before.activities, after.activities),
            ACTIVITY_FIELDS,
            lambda item: str(ActivityType(item["kind"]).label),
        ),
    ):
        old = {item.key: {f: getattr(item, f) for f in fields_} for item in items[0]}
        new = {item.key: {f: getattr(item, f) for f in fields_} for item in items[1]}
        for key, item in new.items():
            if key not in old:
                result.append(Change("added", label_of(item)))
            elif item != old[key]:
                pairs.append((old[key], item, label_of(item)))
        for key, item in old.items():
            if key not in new:
                result.append(Change("removed", label_of(item)))
    result.extend(Change("changed", label) for _old, _new, label in pairs)
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(result, key=lambda change: order[change.what])
