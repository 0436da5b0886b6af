"""Nothing hidden can be worked out from what is shown: not from a row's total, the county's
row, a share of a whole that is shown, the 90th percentile of a few people, or the table of
who hosts whom; the same in the JSON and CSV downloads. Against the hand-made data set of
test_figures, and a few more bookings made here."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from portal.booking.models import Booking, BookingStatus, Occasion
from portal.database import db
from portal.followup.aggregates import COUNTY, TOTAL
from portal.followup.suppression import hidden_counts
from portal.models import Participant
from portal.staff.models import StaffRole
from tests.followup.test_figures import HIDDEN, Town, _county_wide, build, grid, march, numbers
from tests.support.pages import Portal
from tests.support.world import World

GENDERS = ("woman", "man", "other")


@pytest.fixture
def town(world: World) -> Town:
    made = Town(world)
    world.run(lambda: build(made))
    return made


def _lone_hidden(cells: dict[Any, dict[str, Any]]) -> list[str]:
    """Relations (a row's genders and total; the county and its municipalities in one
    column) with exactly one hidden number: that number could be worked out."""
    found = []
    for (figure, period), values in cells.items():
        rows = {row for row, _column in values}
        groups = [[(row, column) for column in (*GENDERS, TOTAL)] for row in rows]
        groups += [[(row, column) for row in rows] for column in (*GENDERS, TOTAL)]
        for group in groups:
            if sum(1 for cell in group if values.get(cell) == "hidden") == 1:
                found.append(f"{figure} {period} {group}")
    return found


def test_the_secondary_hiding_of_counts() -> None:
    counts = {("a", "w"): 3, ("a", "m"): 7, ("a", "t"): 10, ("b", "w"): 6, ("b", "t"): 6}
    relations: list[tuple[Any, list[Any]]] = [
        (("a", "t"), [("a", "w"), ("a", "m")]),
        (("b", "t"), [("b", "w")]),
    ]
    # Three is small; seven is then hidden too, or 10 - 7 gives it away.
    assert hidden_counts(counts, relations) == {("a", "w"), ("a", "m")}
    # A cell the reader can work out elsewhere protects nothing: the total is hidden instead.
    assert hidden_counts(counts, relations, known={("a", "m")}) == {
        ("a", "w"),
        ("a", "t"),
    }


def test_a_share_hides_what_the_county_share_would_give_away(app: Flask, town: Town) -> None:
    found = march(app, town)
    share = numbers(found, "approved", town)
    published = numbers(found, "published", town)
    # 5 of A's 6 women approved (hidden: the one who did not would stand out). B's 5 women
    # published, none approved: 0 %. Had the county's 45.5 % of 11 been shown, 5 would be
    # A's part. So one more share in that column is hidden.
    assert share["A woman"] == "hidden"
    assert (published["A woman"], published["B woman"], published["county woman"]) == (6, 5, 11)
    assert share["county woman"] == "hidden" or share["B woman"] == "hidden"
    assert share["A total"] == "hidden"  # 5 of 6 again: A has no men or others with a plan
    assert share["A man"] is None  # nobody to measure: not hidden, nothing to hide


def test_the_90th_percentile_of_fewer_than_ten_is_hidden(app: Flask, town: Town) -> None:
    found = march(app, town)
    median = numbers(found, "days_to_plan_median", town)
    p90 = numbers(found, "days_to_plan_p90", town)
    # A's six women: median 3, but their 90th percentile is the largest value, 20 days, one
    # woman's own wait.
    assert (median["A woman"], p90["A woman"]) == (3, "hidden")
    assert (median["B woman"], p90["B woman"]) == (5, "hidden")
    assert (median["county woman"], p90["county woman"]) == (5, 10)  # eleven women


def _more_bookings(town: Town) -> None:
    """Three of B's women book civic orientation in a third municipality, C, and five of A's
    men book SFI there: the SFI table of who hosts whom then has a row of its own."""
    c = db.session.get_one(Occasion, db.session.scalars(db.select(Occasion.id)).first())
    hosted_in_c = {
        kind: Occasion(
            organisation_id=c.organisation_id,
            municipality_id=town.c,
            kind=kind,
            title="C",
            language="sv",
            address="C",
            capacity=20,
            seats_taken=0,
            book_by=c.book_by,
            cancel_by=c.cancel_by,
            starts_at=c.starts_at,
            ends_at=c.ends_at,
        )
        for kind in ("civic_orientation", "sfi")
    }
    db.session.add_all(hosted_in_c.values())
    db.session.flush()
    booked = datetime(2026, 3, 12, 12, tzinfo=UTC)
    for municipality, gender, count, kind in (
        (town.b, "woman", 3, "civic_orientation"),
        (town.a, "man", 5, "sfi"),
    ):
        people = db.session.scalars(
            db.select(Participant)
            .where(Participant.municipality_id == municipality, Participant.gender == gender)
            .order_by(Participant.id.desc())
            .limit(count)
        )
        for n, person in enumerate(people):
            db.session.add(
                Booking(
                    occasion_id=hosted_in_c[kind].id,
                    participant_id=person.id,
                    status=BookingStatus.CONFIRMED,
                    created_at=booked + timedelta(minutes=n),
                    confirmed_at=booked + timedelta(minutes=n),
                )
            )
    db.session.commit()


def test_who_hosts_whom_hides_with_the_figure_it_shares_totals_with(
    app: Flask, world: World, town: Town
) -> None:
    town.c = world.municipality("Cedby")
    world.run(lambda: _more_bookings(town))
    found = march(app, town)
    for kind in ("civic_orientation", "sfi"):
        hosting = found.hosting[kind]
        by_gender = grid(found, f"{kind}_elsewhere")
        for row in (COUNTY, *(m.id for m in found.municipalities)):
            # The same number in both tables, hidden in both or shown in both.
            assert (
                hosting.values.get((row, TOTAL), by_gender[(row, TOTAL)]) == by_gender[(row, TOTAL)]
            ), (kind, row)
    civic = found.hosting["civic_orientation"]
    assert civic.hosts == [town.b, town.c]
    # A's six women in B; B's three women in C, hidden, and so A's six, or the county's
    # row (9 in all, 6 in B, 3 in C) would give them away.
    assert civic.values[(town.b, town.c)] == HIDDEN
    assert civic.values[(town.b, TOTAL)] == HIDDEN
    elsewhere = numbers(found, "civic_orientation_elsewhere", town)
    assert elsewhere["B woman"] == elsewhere["B total"] == "hidden"
    assert "hidden" in {elsewhere["A total"], elsewhere["county total"]}
    assert HIDDEN in {civic.values[(town.a, town.b)], civic.values[(COUNTY, town.c)]}
    sfi = found.hosting["sfi"]
    assert sfi.values[(town.a, town.c)].number == 5


def test_the_downloads_give_nothing_hidden_away(app: Flask, world: World, town: Town) -> None:
    coordinator = world.caseworker(town.a, role=StaffRole.COORDINATOR)
    world.run(lambda: _county_wide(coordinator.id))
    portal = Portal(app)
    portal.sign_in_staff(coordinator.email, coordinator.password)
    for unit, period in (("month", "2026-03"), ("quarter", "2026-Q1"), ("year", "2026")):
        data = portal.client.get(f"/staff/figures.json?unit={unit}&period={period}").get_json()
        cells: dict[Any, dict[Any, Any]] = defaultdict(dict)
        for record in data["figures"]:
            assert (record["value"] is None) if record["hidden"] else True, record
            if record["unit"] in ("count", "share"):
                row = record["municipality"] or "county"
                column = record["gender"] or TOTAL
                cells[(record["figure"], record["period"])][(row, column)] = (
                    "hidden" if record["hidden"] else record["value"]
                )
        assert _lone_hidden(cells) == []
        csv = portal.client.get(f"/staff/figures.csv?unit={unit}&period={period}")
        for line in csv.get_data(as_text=True).splitlines()[1:]:
            value, hidden = line.rsplit(",", 2)[1:]
            assert hidden in ("True", "False")
            assert value == "" or hidden == "False", line
