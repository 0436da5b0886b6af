"""Issue 9, "An SMS budget": codes per number, per address, and texts per organisation, so
that nobody can make the municipality pay for texts in bulk."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from sqlalchemy import update

from portal.auth.models import OneTimeCode
from portal.database import db, utcnow
from tests.support.pages import Page, Portal
from tests.support.world import World, translated

ADDRESS = "198.51.100.7"


def _age_codes(world: World) -> None:
    """Let the half minute pass in which asking again resends nothing."""

    def work() -> None:
        db.session.execute(update(OneTimeCode).values(created_at=utcnow().replace(year=2025)))
        db.session.commit()

    world.run(work)


def _ask(app: Flask, number: str, address: str = ADDRESS, language: str = "en") -> Page:
    portal = Portal(app)
    portal.client.environ_base["REMOTE_ADDR"] = address
    portal.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    asked = portal.submit(portal.get("/sign-in"), phone=number)
    location = asked.response.location
    answer = portal.client.get(location)
    # Checked as every page is (tests/support/pages.py), whichever answer it is.
    return portal._checked(answer, location, answer.status_code)


@pytest.fixture
def budget(app: Flask, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setitem(app.config, "SMS_BUDGET_PER_NUMBER", "5 per hour; 10 per day")
    monkeypatch.setitem(app.config, "SMS_BUDGET_PER_ADDRESS", "1000 per hour")
    monkeypatch.setitem(app.config, "SMS_BUDGET_PER_ORGANISATION", "1000 per hour")
    return monkeypatch


def test_one_number_gets_five_codes_an_hour_and_then_a_clear_page(
    app: Flask, world: World, budget: pytest.MonkeyPatch
) -> None:
    participant = world.participant(language="en", phone="+46701234567")
    for _ in range(5):
        assert _ask(app, "0701234567").h1 == "Enter your code"
        _age_codes(world)
    refused = _ask(app, "0701234567")
    assert refused.status == 429
    assert refused.h1 == "No more codes for now"
    assert "Try again in an hour." in refused.text
    sent = [m for m in world.messages(participant.phone) if m.status != "stopped"]
    assert len(sent) == 5


def test_an_unknown_number_runs_out_after_as_many_tries(
    app: Flask, world: World, budget: pytest.MonkeyPatch
) -> None:
    """The per-number budget is spent for any number: running out tells nobody anything."""
    world.participant(language="en", phone="+46701234567")
    answers: dict[str, list[int]] = {"0701234567": [], "0707654321": []}
    for number, statuses in answers.items():
        for _ in range(7):
            statuses.append(_ask(app, number).status)
            _age_codes(world)
    assert answers["0701234567"] == answers["0707654321"] == [200] * 5 + [429] * 2


def test_the_page_is_in_the_persons_language(
    app: Flask, world: World, budget: pytest.MonkeyPatch
) -> None:
    budget.setitem(app.config, "SMS_BUDGET_PER_NUMBER", "1 per hour")
    _ask(app, "0707654321")
    _age_codes(world)
    refused = _ask(app, "0707654321", language="ar")
    assert refused.status == 429
    assert (refused.lang, refused.dir) == ("ar", "rtl")
    assert refused.h1 == translated(app, "ar", "No more codes for now")


def test_one_address_asks_for_codes_to_many_numbers_and_is_stopped(
    app: Flask, world: World, budget: pytest.MonkeyPatch
) -> None:
    budget.setitem(app.config, "SMS_BUDGET_PER_ADDRESS", "3 per hour")
    people = [world.participant(language="en") for _ in range(4)]
    statuses = [_ask(app, person.phone).status for person in people]
    assert statuses == [200, 200, 200, 429]
    # Someone else, elsewhere, still gets their code.
    assert _ask(app, people[3].phone, address="203.0.113.9").status == 200


def test_the_organisations_budget_stops_texts_and_staff_see_it(
    app: Flask, world: World, budget: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    budget.setitem(app.config, "SMS_BUDGET_PER_ORGANISATION", "2 per hour; 100 per day")
    staff = world.caseworker()
    first, second, third = (world.participant(staff, language="en") for _ in range(3))
    world.invite(first)
    world.invite(second)
    with caplog.at_level(logging.WARNING, logger="portal.sms"):
        world.invite(third)
    assert [m.status for m in world.messages(third.phone)] == ["stopped"]
    assert "over the organisation budget" in caplog.text

    # A participant of that organisation is not told (only registered numbers reach this
    # budget, so telling would say who is registered); the code is not sent.
    page = _ask(app, third.phone)
    assert page.h1 == "Enter your code"
    assert [m.status for m in world.messages(third.phone)] == ["stopped", "stopped"]
    assert all("*" in m.body for m in world.messages(third.phone) if m.kind == "code_sign_in")

    desk = Portal(app)
    desk.sign_in_staff(staff.email, staff.password)
    outbox = desk.get("/staff/outbox")
    assert outbox.text.count("Stopped by the text budget") == 2
    assert "The organisation's texts for the hour or the day are used up." in outbox.text


def test_codes_to_approve_a_plan_count_too(
    app: Flask, world: World, budget: pytest.MonkeyPatch
) -> None:
    budget.setitem(app.config, "SMS_BUDGET_PER_NUMBER", "2 per hour")
    participant = world.participant(language="en")
    portal = Portal(app)
    portal.sign_in_with_link(world, participant)
    _age_codes(world)
    code_page = portal.follow(portal.submit(portal.get("/plan/approve"), confirm="y"))
    assert code_page.h1 != "No more codes for now"
    _age_codes(world)
    asked = portal.submit(code_page, action="/plan/approve/code/new")
    refused = portal.follow(asked, status=429)
    assert refused.h1 == "No more codes for now"
