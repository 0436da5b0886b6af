"""One version of a plan as the participant reads it, in their language.

A version is first made into its signed content (`signed_content`): codes, dates, phrase ids
with their values, and the caseworker's own words with their language, the same whatever
language it is read in. The participant's page is that content presented in their language
(`present`), and an approval stores exactly that content with its SHA-256, so a plan approved
in Arabic is the same signed text as the plan read in Swedish.

Approvals made before the content was language-free (format 1, with translated labels) keep
their stored content and hash unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from flask_babel import get_locale

from portal.dates import clock, short_date, time_range, weekday_names
from portal.phrasebook import Notes, notes
from portal.plans.models import PlanVersion
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.vocabulary import Area, OrganisationKind

# The shape of the signed content; a new shape gets a new number.
FORMAT = 2


@dataclass
class GoalView:
    key: str
    term: str
    term_label: str
    kind: str
    label: str
    notes: Notes


@dataclass
class ActivityView:
    key: str
    kind: str
    label: str
    responsible: str
    responsible_label: str
    place: str
    town: str
    start_date: str
    end_date: str | None
    # Formatted for the reader; the template puts them in translated sentences.
    start_date_label: str
    end_date_label: str
    days: list[int]
    days_label: str
    start_time: str
    end_time: str
    # "08:30–12:00" in the language's own way (CLDR's interval), when both are given.
    times_label: str
    notes: Notes


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
    content: dict[str, Any]


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def signed_content(version: PlanVersion) -> dict[str, Any]:
    """The version as structure, the same in every language: what an approval signs."""
    areas: dict[Area, dict[str, Any]] = {
        area: {"area": area.value, "goals": [], "activities": []} for area in Area
    }
    for goal in sorted(version.goals, key=lambda g: (g.term != Term.SHORT, g.id)):
        areas[Area(goal.area)]["goals"].append(
            {
                "key": goal.key,
                "term": goal.term,
                "kind": goal.kind,
                "phrases": list(goal.phrases or []),
                "note": goal.note,
                "note_language": goal.note_language,
            }
        )
    for activity in sorted(version.activities, key=lambda a: (a.start_date, a.id)):
        areas[Area(activity.area)]["activities"].append(
            {
                "key": activity.key,
                "kind": activity.kind,
                "responsible": activity.responsible,
                "place": activity.place,
                "town": activity.municipality.name if activity.municipality else "",
                "start_date": activity.start_date.isoformat(),
                "end_date": activity.end_date.isoformat() if activity.end_date else None,
                "weekdays": activity.days,
                "start_time": _hhmm(activity.start_time),
                "end_time": _hhmm(activity.end_time),
                "phrases": list(activity.phrases or []),
                "note": activity.note,
                "note_language": activity.note_language,
            }
        )
    return {
        "format": FORMAT,
        "version": version.number,
        "areas": [area for area in areas.values() if area["goals"] or area["activities"]],
    }


def canonical(content: dict[str, Any], statement: int) -> str:
    """The signed content with the number of the statement approved, as one JSON text."""
    signed = {**content, "statement": statement}
    return json.dumps(signed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _goal(goal: dict[str, Any]) -> GoalView:
    return GoalView(
        key=goal["key"],
        term=goal["term"],
        term_label=str(Term(goal["term"]).label),
        kind=goal["kind"],
        label=str(GoalKind(goal["kind"]).label),
        notes=notes(goal["phrases"], goal["note"], goal["note_language"]),
    )


def _activity(activity: dict[str, Any]) -> ActivityView:
    end_date = date.fromisoformat(activity["end_date"]) if activity["end_date"] else None
    start_time, end_time = _time(activity["start_time"]), _time(activity["end_time"])
    return ActivityView(
        key=activity["key"],
        kind=activity["kind"],
        label=str(ActivityType(activity["kind"]).label),
        responsible=activity["responsible"],
        responsible_label=str(OrganisationKind(activity["responsible"]).label),
        place=activity["place"],
        town=activity["town"],
        start_date=activity["start_date"],
        end_date=activity["end_date"],
        start_date_label=short_date(date.fromisoformat(activity["start_date"])),
        end_date_label=short_date(end_date),
        days=activity["weekdays"],
        days_label=weekday_names(activity["weekdays"]),
        start_time=clock(start_time),
        end_time=clock(end_time),
        times_label=time_range(start_time, end_time) if start_time and end_time else "",
        notes=notes(activity["phrases"], activity["note"], activity["note_language"]),
    )


def present(content: dict[str, Any]) -> PlanView:
    """Signed content in the reader's language."""
    areas = [
        AreaView(
            area=area["area"],
            label=str(Area(area["area"]).label),
            goals=[_goal(goal) for goal in area["goals"]],
            activities=[_activity(activity) for activity in area["activities"]],
        )
        for area in content["areas"]
    ]
    return PlanView(
        version=content["version"], language=str(get_locale()), areas=areas, content=content
    )


def view(version: PlanVersion) -> PlanView:
    return present(signed_content(version))
