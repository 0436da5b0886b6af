"""Issue 11: a change request opens a conversation; a new version is texted and shown field
by field, with the changed items marked in the plan."""

from __future__ import annotations

from datetime import time
from typing import Any

from flask import Flask

from portal.plans.drafting import ActivityDetails, GoalDetails, add_activity, add_goal
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.vocabulary import Area, OrganisationKind
from tests.plans.test_approval import approve
from tests.support.pages import Portal
from tests.support.world import World, translated


def test_the_caseworker_answers_and_the_participant_reads_it_on_the_plan_page(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="fa")
    person = Portal(app)
    person.sign_in_with_link(world, participant)
    asked = person.submit(person.get("/plan/change"), message="می‌خواهم ساعت کلاس را عوض کنم.")
    assert asked.response.location == "/plan"

    desk = Portal(app)
    desk.sign_in_staff(staff.email, staff.password)
    page = desk.get(f"/staff/participants/{participant.id}")
    request = page.soup.select_one("#changes ~ ul .conversation")
    assert request is not None
    said = request.select_one(".free-text__body[lang=fa]")
    assert said is not None and "ساعت" in said.get_text()
    assert "Written in" in request.get_text(" ")
    assert "not translated" in page.text

    # A mistake keeps what was typed; then the answer goes.
    action = f"/staff/participants/{participant.id}/change-requests/1/answer"
    refused = desk.submit(page, action, status=200, message="", language="sv")
    assert refused.error_for("message") == "Error: Write your answer."
    done = desk.submit(refused, action, message="Vi ses på tisdag och ändrar tiden.", language="sv")
    assert done.response.location.endswith("#changes")
    answer_sms = [m for m in world.messages(participant.phone) if m.kind == "change_answer"]
    assert len(answer_sms) == 1 and answer_sms[0].language == "fa"
    assert answer_sms[0].body.startswith(
        translated(
            app,
            "fa",
            "Your caseworker has answered your message about your plan: %(link)s",
            link="",
        ).strip()
    )

    plan = person.get("/plan")
    assert plan.lang == "fa" and plan.dir == "rtl"
    thread = plan.soup.select_one("#conversation")
    assert thread is not None
    answer = thread.select_one(".free-text__body[lang=sv]")
    assert answer is not None and answer.get_text() == "Vi ses på tisdag och ändrar tiden."
    assert translated(
        app,
        "fa",
        "Messages are not translated: each one is shown in the language it was written in.",
    ) in thread.get_text(" ")

    # The participant writes again: the request needs the caseworker again.
    desk.submit(
        desk.get(f"/staff/participants/{participant.id}"),
        f"/staff/participants/{participant.id}/change-requests/1/handled",
    )
    again = person.submit(plan, "/plan/change/1/reply", message="ممنون!")
    assert again.response.location.endswith("#conversation")
    shown = desk.get(f"/staff/participants/{participant.id}")
    assert "ممنون!" in shown.soup.select_one("#changes ~ ul").get_text()
    assert "Open" in shown.soup.select_one("#changes ~ ul .item__title").get_text()
    listed = desk.get("/staff/?show=change")
    assert participant.name in listed.text


def test_a_participant_cannot_write_in_someone_elses_conversation(app: Flask, world: World) -> None:
    staff = world.caseworker()
    asker = world.participant(staff)
    other = world.participant(staff)
    first = Portal(app)
    first.sign_in_with_link(world, asker)
    first.submit(first.get("/plan/change"), message="Please move SFI.")
    second = Portal(app)
    plan = second.sign_in_with_link(world, other)
    token = plan.soup.find("input", attrs={"name": "csrf_token"})["value"]
    response = second.client.post(
        "/plan/change/1/reply", data={"csrf_token": token, "message": "x"}
    )
    assert response.status_code == 404


def _later_sfi(draft: Any) -> None:
    sfi = next(a for a in draft.activities if a.kind == ActivityType.SFI)
    sfi.start_time, sfi.end_time = time(13, 0), time(16, 30)
    sfi.place = "Folkets hus"
    health = next(a for a in draft.activities if a.kind == ActivityType.HEALTH_EXAMINATION)
    draft.activities.remove(health)
    add_goal(draft, GoalDetails(Area.HOUSING, Term.SHORT, GoalKind.OWN_HOME))
    add_activity(
        draft,
        ActivityDetails(
            kind=ActivityType.INTERNSHIP,
            area=Area.WORK,
            responsible=OrganisationKind.EMPLOYMENT_SERVICE,
            place="",
            start_date=sfi.start_date,
            end_date=None,
            weekdays=0,
            start_time=None,
            end_time=None,
        ),
    )


def test_a_new_version_is_texted_and_shown_field_by_field(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff, language="en")
    portal = Portal(app)
    approve(portal, world, participant, portal.sign_in_with_link(world, participant))
    world.revise_plan(participant, _later_sfi)

    texted = [m for m in world.messages(participant.phone) if m.kind == "plan_changed"]
    assert len(texted) == 1 and texted[0].language == "en"
    assert (
        texted[0].body
        == "Your introduction plan has changed. Read it and approve it: http://portal.test/plan"
    )

    plan = portal.get("/plan")
    changes = " ".join(plan.soup.select_one(".panel--attention ul").get_text().split())
    assert "Changed: SFI – Swedish for immigrants" in changes
    assert "Hours: was 8:30 AM – 12:00 PM, now 1:00 – 4:30 PM" in changes
    assert "Place: was Kopparbergsvägen 17, now Folkets hus" in changes
    assert "Days:" not in changes  # unchanged fields are not listed
    assert "New: Have a home of my own" in changes
    assert "New: Internship" in changes
    assert "Removed: Health examination" in changes
    marked = {
        " ".join(p.get_text(" ").split())
        for p in plan.soup.select(".area .item__title")
        if p.select_one(".tag")
    }
    assert marked == {
        "SFI – Swedish for immigrants Changed",
        "Have a home of my own New",
        "Internship New",
    }


def test_the_first_version_is_not_texted_as_a_change(app: Flask, world: World) -> None:
    participant = world.participant(language="sv")
    world.invite(participant)
    assert not [m for m in world.messages(participant.phone) if m.kind == "plan_changed"]


def test_the_editor_warns_of_activities_at_the_same_time(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    desk = Portal(app)
    desk.sign_in_staff(staff.email, staff.password)
    base = f"/staff/participants/{participant.id}/plan"
    desk.submit(desk.get(base), f"{base}/revise")
    editor = desk.get(base)
    assert editor.soup.select_one("#overlaps") is None
    form = desk.get(f"{base}/activities/new")
    desk.submit(
        form,
        kind="internship",
        responsible="employment_service",
        start_date="2026-09-14",
        end_date="2026-12-18",
        weekdays=["1", "4"],
        start_time="10:00",
        end_time="15:00",
    )
    warned = desk.get(base).soup.select_one("#overlaps")
    assert warned is not None
    text = " ".join(warned.get_text().split())
    # SFI runs Monday to Thursday 08:30-12:00: only Tuesday is shared (Friday is not SFI's).
    assert (
        "SFI – Swedish for immigrants (8:30 AM–12:00 PM) and Internship (10:00 AM–3:00 PM) on Tuesday"
        in text
    )


def test_booking_warns_of_a_clash_with_the_plan(app: Flask, world: World) -> None:
    from datetime import datetime, timedelta

    from portal.booking.occasions import local_time

    staff = world.caseworker()
    participant = world.participant(staff, language="en")
    provider = world.provider(staff.municipality_id)
    # SFI is Monday to Thursday 08:30-12:00 from 7 September 2026: a Tuesday at 09:00 clashes.
    today = datetime.now().date()
    tuesday = max(today, datetime(2026, 9, 7).date()) + timedelta(days=14)
    tuesday += timedelta(days=(1 - tuesday.weekday()) % 7)
    from portal.database import utcnow

    with app.app_context():
        at_nine = local_time(tuesday, time(9, 0)) - utcnow()
        at_two = local_time(tuesday, time(14, 0)) - utcnow()
    clashing = world.occasion(provider, starts_in=at_nine)
    free = world.occasion(provider, starts_in=at_two)
    person = Portal(app)
    person.sign_in_with_link(world, participant)
    page = person.get(f"/booking/occasions/{clashing}")
    warning = page.soup.select_one("#clashes")
    assert warning is not None
    assert "SFI – Swedish for immigrants" in warning.get_text()
    assert person.get(f"/booking/occasions/{free}").soup.select_one("#clashes") is None
    offer = person.get("/booking")
    assert "At the same time as something in your week" in offer.text
