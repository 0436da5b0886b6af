"""A participant sees, and downloads, everything held about them, including which members
of staff opened their record; staff see the same log."""

from __future__ import annotations

import json

from flask import Flask

from tests.support.pages import Portal
from tests.support.world import World


def test_what_we_know_about_me(app: Flask, world: World) -> None:
    staff = world.caseworker()
    me = world.participant(staff, name="Amal Yusuf", language="en")
    other = world.participant(staff, name="Berhane Kidane")
    provider = world.provider(staff.municipality_id)
    occasion = world.occasion(provider, title="Samhällsorientering på engelska")
    world.book(me, occasion)
    portal = Portal(app)
    portal.sign_in_with_link(world, me)
    portal.submit(portal.get("/plan/approve"), confirm="y")
    approve = portal.get("/plan/approve/code")
    portal.submit(approve, code=world.last_code(me.phone))

    caseworker = Portal(app)
    caseworker.sign_in_staff(staff.email, staff.password)
    caseworker.get(f"/staff/participants/{me.id}")
    caseworker.get(f"/staff/participants/{me.id}/plan")
    as_provider = Portal(app)
    as_provider.sign_in_staff(provider.email, provider.password)
    as_provider.get(f"/staff/occasions/{occasion}")

    page = portal.get("/my-data")
    assert page.h1 == "What we know about me"
    text = page.text
    assert "Amal Yusuf" in text and "Berhane" not in text
    assert "You approved version 1" in text
    assert "Samhällsorientering på engelska" in text and "Booked" in text
    assert "is your sign-in code" in text and world.last_code(me.phone) not in text  # masked
    staff_lines = [li.get_text(" ", strip=True) for li in page.soup.select("h2 ~ ul li")]
    assert sum("(Their record)" in line for line in staff_lines) == 1
    assert sum("(Their plan)" in line for line in staff_lines) == 1
    assert sum("(List of attendees)" in line for line in staff_lines) == 1

    data = portal.get("/my-data/download.json")
    assert data.response.mimetype == "application/json"
    assert "attachment" in data.response.headers["Content-Disposition"]
    content = json.loads(data.response.get_data(as_text=True))
    assert content["details"]["name"] == "Amal Yusuf"
    assert content["details"]["mobile_number"] == me.phone
    assert content["approvals"][0]["version"] == 1
    assert content["plan_versions"][0]["content"]["areas"]
    assert content["bookings"][0]["title"] == "Samhällsorientering på engelska"
    assert len(content["staff_who_opened_your_record"]) == 3
    assert all(world.last_code(me.phone) not in m["text"] for m in content["text_messages"])

    readable = portal.get("/my-data/download.html")
    assert "attachment" in readable.response.headers["Content-Disposition"]
    assert readable.h1 == "What we know about me" and "Amal Yusuf" in readable.text
    assert readable.soup.find("link") is None and readable.soup.find("script") is None
    del other


def test_staff_see_who_opened_a_record(app: Flask, world: World) -> None:
    staff = world.caseworker()
    colleague = world.colleague(staff)
    person = world.participant(staff, name="Amal Yusuf")
    other = Portal(app)
    other.sign_in_staff(colleague.email, colleague.password)
    other.get(f"/staff/participants/{person.id}/edit")
    portal = Portal(app)
    portal.sign_in_staff(staff.email, staff.password)
    record = portal.get(f"/staff/participants/{person.id}")
    log = portal.get(f"/staff/participants/{person.id}/access-log")
    rows = [row.get_text(" ", strip=True) for row in log.soup.select("tbody tr")]
    assert len(rows) == 2  # the colleague's edit page, then this caseworker's record page
    assert "Kollega" in rows[1] and rows[1].endswith("Their record")
    assert record.soup.select_one(f"a[href='/staff/participants/{person.id}/access-log']")


def test_pages_that_refuse_log_nothing(app: Flask, world: World) -> None:
    staff = world.caseworker()
    stranger = world.caseworker(world.municipality())
    person = world.participant(staff)
    portal = Portal(app)
    portal.sign_in_staff(stranger.email, stranger.password)
    assert portal.client.get(f"/staff/participants/{person.id}").status_code == 404
    me = Portal(app)
    me.sign_in_with_link(world, person)
    assert "No member of staff has opened your record." in me.get("/my-data").text
