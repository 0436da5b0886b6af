"""What differs between two versions of a plan, item by item and field by field, in the
reader's language: "Hours: was 08:30–12:00, now 13:00–16:30"."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from portal.phrasebook import Notes
from portal.plans.models import PlanVersion
from portal.plans.reading import ActivityView, GoalView, PlanView, view


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    what: str  # "added", "removed", "changed"
    label: str
    key: str = ""
    fields: list[FieldChange] = field(default_factory=list)


def _notes(notes: Notes) -> str:
    """What staff wrote, as plain text: the phrasebook's sentences and their own words."""
    said = [phrase.striptags() for phrase in notes.phrases]
    return " ".join([*said, notes.text]).strip() or "–"


def _place(a: ActivityView) -> str:
    return ", ".join(part for part in (a.place, a.town) if part) or "–"


def _hours(a: ActivityView) -> str:
    if a.times_label:
        return a.times_label
    if a.start_time and a.end_time:
        return _("%(start)s–%(end)s", start=a.start_time, end=a.end_time)
    if a.start_time:
        return _("from %(start)s", start=a.start_time)
    return "–"


def _dates(a: ActivityView) -> str:
    if a.end_date and a.end_date == a.start_date:
        return _("On %(date)s", date=a.start_date_label)
    if a.end_date:
        return _("%(start)s to %(end)s", start=a.start_date_label, end=a.end_date_label)
    return _("From %(start)s", start=a.start_date_label)


def _activity_fields(
    old: ActivityView, new: ActivityView, old_area: str, new_area: str
) -> list[FieldChange]:
    pairs = [
        (_("Type of activity"), old.label, new.label),
        (_("Area"), old_area, new_area),
        (_("Days"), old.days_label or "–", new.days_label or "–"),
        (_("Hours"), _hours(old), _hours(new)),
        (_("Period"), _dates(old), _dates(new)),
        (_("Place"), _place(old), _place(new)),
        (_("Responsible"), old.responsible_label, new.responsible_label),
        (_("Your caseworker's note"), _notes(old.notes), _notes(new.notes)),
    ]
    return [FieldChange(label, before, after) for label, before, after in pairs if before != after]


def _goal_fields(old: GoalView, new: GoalView, old_area: str, new_area: str) -> list[FieldChange]:
    pairs = [
        (_("Goal"), old.label, new.label),
        (_("Term"), old.term_label, new.term_label),
        (_("Area"), old_area, new_area),
        (_("Your caseworker's note"), _notes(old.notes), _notes(new.notes)),
    ]
    return [FieldChange(label, before, after) for label, before, after in pairs if before != after]


def _items(plan: PlanView) -> tuple[dict[str, GoalView], dict[str, ActivityView], dict[str, str]]:
    goals = {goal.key: goal for area in plan.areas for goal in area.goals}
    activities = {a.key: a for area in plan.areas for a in area.activities}
    areas = {goal.key: area.label for area in plan.areas for goal in area.goals}
    areas |= {a.key: area.label for area in plan.areas for a in area.activities}
    return goals, activities, areas


def changes(before: PlanVersion, after: PlanVersion) -> list[Change]:
    """What differs between two versions, item by item, in the reader's language."""
    old_goals, old_activities, old_areas = _items(view(before))
    new_goals, new_activities, new_areas = _items(view(after))
    result: list[Change] = []
    for key, goal in new_goals.items():
        if key not in old_goals:
            result.append(Change("added", goal.label, key))
        elif fields := _goal_fields(old_goals[key], goal, old_areas[key], new_areas[key]):
            result.append(Change("changed", goal.label, key, fields))
    for key, activity in new_activities.items():
        if key not in old_activities:
            result.append(Change("added", activity.label, key))
        elif fields := _activity_fields(
            old_activities[key], activity, old_areas[key], new_areas[key]
        ):
            result.append(Change("changed", activity.label, key, fields))
    gone: list[GoalView | ActivityView] = [
        *(goal for key, goal in old_goals.items() if key not in new_goals),
        *(a for key, a in old_activities.items() if key not in new_activities),
    ]
    result.extend(Change("removed", item.label, item.key) for item in gone)
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(result, key=lambda change: order[change.what])


def marks(found: list[Change]) -> dict[str, str]:
    """Which items of the newer version to mark in the plan itself: key -> "added"/"changed"."""
    return {change.key: change.what for change in found if change.what != "removed"}
