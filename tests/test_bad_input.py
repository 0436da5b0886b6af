"""What a fuzzer sends gets a clear 400 or 404, never a 500 (on SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import json
import re

import pytest
from flask import Flask

from portal.urls import LARGEST_ID
from tests.support.pages import Portal
from tests.support.world import World

HUGE = [2**31, 2**32, 2**63, 2**64, 10**30]


def addresses_with_ids(app: Flask, value: int) -> list[tuple[str, str]]:
    """(method, address) of every route that takes a number in its path, with `value` in
    each number and "x" in each other part."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        path = re.sub(r"<int:\w+>", str(value), rule.rule)
        path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?\w+>", "x", path)
        found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.mark.parametrize("value", HUGE)
def test_a_number_too_large_for_the_database_names_nothing(
    app: Flask, portal: Portal, world: World, value: int
) -> None:
    staff = world.caseworker()
    portal.sign_in_staff(staff.email, staff.password)
    addresses = addresses_with_ids(app, value)
    assert len(addresses) > 30
    answers = {
        (method, path): portal.client.open(path, method=method).status_code
        for method, path in addresses
    }
    assert {where: status for where, status in answers.items() if status != 404} == {}


def test_the_largest_id_is_looked_up_and_not_found(portal: Portal, world: World) -> None:
    staff = world.caseworker()
    portal.sign_in_staff(staff.email, staff.password)
    portal.get(f"/staff/participants/{LARGEST_ID}", status=404)
    portal.get(f"/staff/participants/{LARGEST_ID}/booking", status=404)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_an_impossible_from_date_on_the_offer_is_a_field_error(
    portal: Portal, world: World, day: str
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal.sign_in_with_link(world, participant)
    page = portal.get(f"/booking?from_date={day}")
    assert (
        page.error_for("from_date") == "Error: Enter the date as year-month-day, like 2026-03-14."
    )


def test_an_impossible_from_date_on_the_caseworkers_offer_is_a_field_error(
    portal: Portal, world: World
) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal.sign_in_staff(staff.email, staff.password)
    page = portal.get(f"/staff/participants/{participant.id}/booking?from_date=0001-01-01")
    assert (
        page.error_for("from_date") == "Error: Enter the date as year-month-day, like 2026-03-14."
    )


@pytest.mark.parametrize("email", ["ali\x00@kommun.example", "ali@kommun.example\x00", "\x00"])
def test_a_nul_in_the_staff_email_is_a_field_error(
    portal: Portal, world: World, email: str
) -> None:
    staff = world.caseworker()
    page = portal.submit(
        portal.get("/staff/login"), status=200, email=email, password=staff.password
    )
    assert page.error_for("email") == (
        "Error: Remove the invisible control characters from Email address."
    )


def cursor(value: str, participant_id: int) -> str:
    raw = json.dumps([value, participant_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "query",
    [
        "q=Ali%00",
        "q=%00",
        f"after={cursor('Ali', 2**70)}",
        f"before={cursor('Ali', 2**63)}",
        f"after={cursor('Ali', -1)}",
        f"after={cursor('Ali' + chr(0), 1)}",
        "after=%00%00",
    ],
)
def test_the_desk_shrugs_off_forged_searches_and_cursors(
    portal: Portal, world: World, query: str
) -> None:
    staff = world.caseworker()
    world.participant(staff)
    portal.sign_in_staff(staff.email, staff.password)
    page = portal.get(f"/staff/?{query}")
    assert page.h1 == "Participants"
