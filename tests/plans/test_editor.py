"""The caseworker drafts, publishes and revises the plan."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.support.pages import Portal
from tests.support.world import World


def caseworker_with_new_participant(app: Flask, world: World) -> tuple[Portal, str]:
    staff = world.caseworker()
    participant = world.participant(staff, plan=False)
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    return portal, f"/staff/participants/{participant.id}/plan"


def test_draft_and_publish_a_plan(app: Flask, world: World) -> None:
    portal, plan = caseworker_with_new_participant(app, world)
    editor = portal.get(plan)
    assert "You are drafting the first version" in editor.text

    nothing = portal.follow(portal.submit(editor, action=f"{plan}/publish"))
    assert "Add at least one goal or activity before you publish the plan." in nothing.text

    goal = portal.get(f"{plan}/goals/new")
    portal.submit(goal, kind="job", term="long", area="work", note="Bli elektriker.")
    activity = portal.get(f"{plan}/activities/new")
    done = portal.submit(
        activity,
        kind="sfi",
        responsible="sfi_school",
        place="Kopparbergsvägen 17",
        start_date="2026-09-07",
        end_date="2027-06-11",
        weekdays=["0", "2"],
        start_time="08:30",
        end_time="12:00",
    )
    editor = portal.follow(done)
    assert "Get a job" in editor.text
    assert "SFI – Swedish for immigrants" in editor.text
    assert "Monday and Wednesday" in editor.text
    assert "Bli elektriker." in editor.text

    published = portal.follow(portal.submit(editor, action=f"{plan}/publish"))
    assert "Version 1 is published." in published.text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"start_date": ""}, "start_date", "Enter the start date."),
        (
            {"start_date": "7 sep"},
            "start_date",
            "Enter the date as year-month-day, like 2026-03-14.",
        ),
        (
            {"end_date": "2026-01-01"},
            "end_date",
            "The end date must be the same as or after the start date.",
        ),
        ({"start_time": "8"}, "start_time", "Enter the time as hours and minutes, like 08:30."),
        (
            {"start_time": "12:00", "end_time": "08:00"},
            "end_time",
            "The end time must be after the start time.",
        ),
        (
            {"start_time": "", "end_time": "08:00"},
            "end_time",
            "Enter the start time too, or leave both times empty.",
        ),
        (
            {"note": "x" * 1001},
            "note",
            "Note for the participant (optional) must be 1000 characters or fewer.",
        ),
        (
            {"place": "Gatan\u202e 1"},
            "place",
            "Remove the invisible control characters from Place (optional).",
        ),
    ],
)
@pytest.mark.sqlite_only
def test_activity_errors_are_clear_and_keep_what_was_typed(
    app: Flask, world: World, fields: dict[str, str], field: str, message: str
) -> None:
    portal, plan = caseworker_with_new_participant(app, world)
    form = portal.get(f"{plan}/activities/new")
    typed = {
        "kind": "internship",
        "responsible": "employment_service",
        "place": "ICA Maxi",
        "start_date": "2026-09-07",
        "note": "Ta med arbetskläder.",
        **fields,
    }
    page = portal.submit(form, status=200, **typed)
    assert page.error_for(field) == f"Error: {message}"
    assert page.value_of("place") == typed["place"]
    assert page.value_of("note") == typed["note"]


def test_revising_creates_a_new_version_and_keeps_the_old_one(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    plan = f"/staff/participants/{participant.id}/plan"

    editor = portal.get(plan)
    assert "Version 1 is published." in editor.text
    drafting = portal.follow(portal.submit(editor, action=f"{plan}/revise"))
    assert "You are drafting version 2" in drafting.text

    goal = drafting.soup.select_one(f'a[href^="{plan}/goals/"]')
    assert goal is not None
    portal.submit(portal.get(str(goal["href"])), note="Ändrad anteckning.")
    new_goal = portal.get(f"{plan}/goals/new")
    portal.submit(new_goal, kind="own_home", term="long", area="housing")
    drafting = portal.get(plan)
    assert "Changed: Work in my own profession" in drafting.text
    assert "New: Have a home of my own" in drafting.text

    portal.submit(drafting, action=f"{plan}/publish")
    first = portal.get(f"{plan}/versions/1")
    assert "Have a home of my own" not in first.text
    second = portal.get(f"{plan}/versions/2")
    assert "Have a home of my own" in second.text


def test_a_published_version_cannot_be_changed(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    plan = f"/staff/participants/{participant.id}/plan"
    ids = world.run(lambda: _first_goal_id(participant.id))
    response = portal.client.get(f"{plan}/goals/{ids}")
    assert response.status_code == 302  # back to the editor, which offers a new version
    follow = portal.get(response.location)
    assert "Start a new version before you change the plan." in follow.text


def _first_goal_id(participant_id: int) -> int:
    from portal.database import db
    from portal.models import Participant
    from portal.plans.versions import current_version

    version = current_version(db.session.get_one(Participant, participant_id))
    assert version is not None
    return version.goals[0].id


def test_throwing_away_a_draft_returns_to_the_published_version(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    plan = f"/staff/participants/{participant.id}/plan"
    drafting = portal.follow(portal.submit(portal.get(plan), action=f"{plan}/revise"))
    back = portal.follow(portal.submit(drafting, action=f"{plan}/discard"))
    assert "Version 1 is published." in back.text
