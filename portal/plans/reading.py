"""One version of a plan as the participant reads it, in their language.

The participant's page and the approval record are built from one structure, `PlanView`:
what the page shows is exactly what the approval's hash covers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import get_locale

from portal.plans.models import (
    PlanVersion,
)
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.templating import clock, short_date, weekday_names
from portal.vocabulary import Area, OrganisationKind


@dataclass
class GoalView:
    key: str
    term: str
    term_label: str
    kind: str
    label: str
    note: str


@dataclass
class ActivityView:
    key: str
    kind: str
    label: str
    responsible: str
    responsible_label: str
    place: str
    start_date: str
    end_date: str | None
    # Formatted for the reader; the template puts them in translated sentences.
    start_date_label: str
    end_date_label: str
    days: list[int]
    days_label: str
    start_time: str
    end_time: str
    note: str


@dataclass
class AreaView:
    area: str
    label: str
    goals: list[GoalView] = field(default_factory=list)
    activities: list[ActivityView] = field(default_factory=list)


@dataclass
class PlanView:
    """One version of a plan as the reader sees it, in the current language."""

    version: int | None
    language: str
    areas: list[AreaView]

    def canonical(self, statement: str | None = None) -> str:
        content: dict[str, Any] = asdict(self)
        if statement is not None:
            content["statement"] = statement
        return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def view(version: PlanVersion) -> PlanView:
    areas = {area: AreaView(area=area.value, label=str(area.label)) for area in Area}
    for goal in sorted(version.goals, key=lambda g: (g.term != Term.SHORT, g.id)):
        areas[Area(goal.area)].goals.append(
            GoalView(
                key=goal.key,
                term=goal.term,
                term_label=str(Term(goal.term).label),
                kind=goal.kind,
                label=str(GoalKind(goal.kind).label),
                note=goal.note,
            )
        )
    for activity in sorted(version.activities, key=lambda a: (a.start_date, a.id)):
        areas[Area(activity.area)].activities.append(
            ActivityView(
                key=activity.key,
                kind=activity.kind,
                label=str(ActivityType(activity.kind).label),
                responsible=activity.responsible,
                responsible_label=str(OrganisationKind(activity.responsible).label),
                place=activity.place,
                start_date=activity.start_date.isoformat(),
                end_date=activity.end_date.isoformat() if activity.end_date else None,
                start_date_label=short_date(activity.start_date),
                end_date_label=short_date(activity.end_date),
                days=activity.days,
                days_label=weekday_names(activity.days),
                start_time=clock(activity.start_time),
                end_time=clock(activity.end_time),
                note=activity.note,
            )
        )
    return PlanView(
        version=version.number,
        language=str(get_locale()),
        areas=[area for area in areas.values() if area.goals or area.activities],
    )
