"""Every follow-up figure against a small data set made by hand, with the numbers worked out
on paper: counts, medians and 90th percentiles, shares, and what is hidden."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import CodePurpose, OneTimeCode
from portal.booking.models import Attendance, Booking, BookingStatus, Meeting, Occasion
from portal.database import db
from portal.followup import figures as counted
from portal.followup.aggregates import COUNTY, TOTAL
from portal.followup.periods import parse
from portal.followup.values import Figures, Scope, Value
from portal.models import (
    Activity,
    Approval,
    ChangeRequest,
    Municipality,
    Organisation,
    Participant,
    Plan,
    PlanVersion,
)
from portal.participants import status
from portal.plans.models import area_bits
from portal.staff.models import StaffRole
from tests.support.pages import Portal
from tests.support.world import World

MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FEBRUARY = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
HIDDEN = Value(None, hidden=True)


class Town:
    def __init__(self, world: World) -> None:
        self.world = world
        self.a = world.municipality("Arboga")
        self.b = world.municipality("Bergby")
        self.caseworker = world.caseworker(self.a)
        self.provider = world.provider(self.b)
        self.c = 0  # a third municipality, where a test makes one


def _people(
    organisation_id: int, municipality_id: int, gender: str, count: int, at: datetime, tag: str
) -> list[Participant]:
    people = [
        Participant(
            organisation_id=organisation_id,
            municipality_id=municipality_id,
            name=f"{tag} {n}",
            phone=f"+4670{abs(hash(tag)) % 1000:03d}{n:04d}",
            language="sv",
            gender=gender,
            created_at=at + timedelta(hours=n),
        )
        for n in range(count)
    ]
    db.session.add_all(people)
    db.session.flush()
    return people


def _publish(person: Participant, after_days: float, areas: list[str]) -> PlanVersion:
    plan = Plan(participant_id=person.id)
    db.session.add(plan)
    db.session.flush()
    version = PlanVersion(
        plan_id=plan.id,
        number=1,
        status="published",
        published_at=person.created_at + timedelta(days=after_days),
        areas=area_bits(areas),
    )
    db.session.add(version)
    db.session.flush()
    for area in areas:
        db.session.add(
            Activity(
                version_id=version.id,
                area=area,
                kind="other",
                responsible="municipality",
                start_date=date(2026, 3, 1),
            )
        )
    return version


def _approve(person: Participant, version: PlanVersion, after_days: float) -> None:
    code = OneTimeCode(
        purpose=CodePurpose.APPROVE,
        phone=person.phone,
        participant_id=person.id,
        salt="s",
        code_hash="h",
        expires_at=person.created_at,
    )
    db.session.add(code)
    db.session.flush()
    db.session.add(
        Approval(
            participant_id=person.id,
            plan_version_id=version.id,
            content="{}",
            content_sha256="0" * 64,
            language="sv",
            statement_version=1,
            approved_at=person.created_at + timedelta(days=after_days),
            code_id=code.id,
        )
    )


def build(town: Town) -> None:
    a_org = town.caseworker.organisation_id
    b_org = db.session.get_one(Organisation, town.provider.organisation_id)
    b_org_id = Organisation(municipality_id=town.b, name="Bergby kommun", kind="municipality")
    db.session.add(b_org_id)
    db.session.flush()
    a_w = _people(a_org, town.a, "woman", 6, MARCH, "aw")
    a_m = _people(a_org, town.a, "man", 5, MARCH, "am")
    a_o = _people(a_org, town.a, "other", 2, MARCH, "ao")
    b_w = _people(b_org_id.id, town.b, "woman", 7, MARCH, "bw")
    a_f = _people(a_org, town.a, "woman", 5, FEBRUARY, "af")

    versions = [
        _publish(person, days, ["swedish", "work"] if n < 5 else ["swedish"])
        for n, (person, days) in enumerate(zip(a_w, [1, 2, 3, 4, 10, 20], strict=True))
    ]
    for person in b_w[:5]:
        _publish(person, 5, ["health"])
    for person in a_f:
        _publish(person, 2, ["housing"])
    for person, version, days in zip(a_w, versions, [2, 3, 4, 5, 11], strict=False):
        _approve(person, version, days)

    for person in [*a_w[:5], b_w[0]]:
        db.session.add(
            ChangeRequest(
                participant_id=person.id,
                plan_version_id=db.session.scalars(db.select(PlanVersion.id)).first(),
                message="?",
                language="sv",
                created_at=datetime(2026, 3, 25, tzinfo=UTC),
            )
        )

    first = datetime(2026, 3, 10, 9, tzinfo=UTC)
    occasion = Occasion(
        organisation_id=b_org.id,
        municipality_id=town.b,
        kind="civic_orientation",
        title="SO",
        language="ar",
        address="Torget 1",
        capacity=20,
        seats_taken=13,
        book_by=first,
        cancel_by=first,
        starts_at=first,
        ends_at=first + timedelta(weeks=1, hours=3),
        meetings=[
            Meeting(starts_at=first, ends_at=first + timedelta(hours=3)),
            Meeting(
                starts_at=first + timedelta(weeks=1), ends_at=first + timedelta(weeks=1, hours=3)
            ),
        ],
    )
    db.session.add(occasion)
    db.session.flush()
    booked_at = datetime(2026, 3, 5, 12, tzinfo=UTC)
    bookings = []
    for person in [*a_w, *b_w[:5]]:
        booking = Booking(
            occasion_id=occasion.id,
            participant_id=person.id,
            status=BookingStatus.CONFIRMED,
            created_at=booked_at,
            confirmed_at=booked_at,
        )
        bookings.append(booking)
    for person, days in ((b_w[5], 2), (b_w[6], 3)):
        joined = datetime(2026, 3, 6, 12, tzinfo=UTC)
        bookings.append(
            Booking(
                occasion_id=occasion.id,
                participant_id=person.id,
                status=BookingStatus.OFFERED,
                created_at=joined,
                offered_at=joined + timedelta(days=days),
                offer_expires_at=joined + timedelta(days=days + 1),
            )
        )
    db.session.add_all(bookings)
    db.session.flush()
    # SFI in A: A's five men join its waiting list on 20 March and are still waiting at the
    # end of March; one of A's others joined on 20 February and was offered a seat on 5 March.
    sfi_start = datetime(2026, 4, 20, 8, tzinfo=UTC)
    sfi = Occasion(
        organisation_id=b_org.id,
        municipality_id=town.a,
        kind="sfi",
        title="SFI",
        language="sv",
        address="Skolan",
        capacity=1,
        seats_taken=1,
        book_by=sfi_start,
        cancel_by=sfi_start,
        starts_at=sfi_start,
        ends_at=sfi_start + timedelta(hours=3),
        meetings=[Meeting(starts_at=sfi_start, ends_at=sfi_start + timedelta(hours=3))],
    )
    db.session.add(sfi)
    db.session.flush()
    joined = datetime(2026, 3, 20, 12, tzinfo=UTC)
    db.session.add_all(
        Booking(
            occasion_id=sfi.id, participant_id=p.id, status=BookingStatus.WAITING, created_at=joined
        )
        for p in a_m
    )
    early = datetime(2026, 2, 20, 12, tzinfo=UTC)
    db.session.add(
        Booking(
            occasion_id=sfi.id,
            participant_id=a_o[0].id,
            status=BookingStatus.OFFERED,
            created_at=early,
            offered_at=datetime(2026, 3, 5, 12, tzinfo=UTC),
            offer_expires_at=sfi_start,
        )
    )
    meeting = occasion.meetings[0]
    marks = ["attended"] * 6 + ["attended"] * 3 + ["absent", "absent"]
    reasons: list[Any] = [None] * 9 + ["valid", None]
    for booking, mark, reason in zip(bookings[:11], marks, reasons, strict=True):
        db.session.add(
            Attendance(booking_id=booking.id, meeting_id=meeting.id, status=mark, reason=reason)
        )
    # Made by hand, not by the domain functions that keep each participant's status: what
    # `flask refresh-statuses` does.
    status.refresh_all()
    db.session.commit()


@pytest.fixture
def town(world: World) -> Town:
    made = Town(world)
    world.run(lambda: build(made))
    return made


def march(app: Flask, town: Town, county_wide: bool = True) -> Figures:
    def work() -> Figures:
        county_id = db.session.get_one(Municipality, town.a).county_id
        scope = Scope(county_id, None if county_wide else {town.a})
        period = parse("2026-03")
        assert period is not None
        with app.test_request_context():
            return counted.figures(scope, period)

    return _in(app, work)


def _in(app: Flask, work: Any) -> Any:
    with app.app_context():
        return work()


def grid(found: Figures, key: str, previous: bool = False) -> dict[Any, Any]:
    figure = next(f for f in found.figures if f.key == key)
    return {
        (row, column): figure.value(previous, row, column)
        for row in (COUNTY, *(m.id for m in found.municipalities))
        for column in ("woman", "man", "other", TOTAL)
    }


def numbers(found: Figures, key: str, town: Town, previous: bool = False) -> dict[str, Any]:
    """{"A woman": 6, "county total": 20, ...}, None for hidden and 'x' for missing."""
    names = {COUNTY: "county", town.a: "A", town.b: "B", town.c: "C"}
    return {
        f"{names[row]} {column}": ("hidden" if value.hidden else value.number)
        for (row, column), value in grid(found, key, previous).items()
    }


def test_registered_with_complementary_hiding(app: Flask, town: Town) -> None:
    found = march(app, town)
    assert numbers(found, "registered", town) == {
        "county woman": 13, "county man": "hidden", "county other": "hidden", "county total": 20,
        "A woman": 6, "A man": "hidden", "A other": "hidden", "A total": 13,
        "B woman": 7, "B man": 0, "B other": 0, "B total": 7,
    }  # fmt: skip
    before = numbers(found, "registered", town, previous=True)
    assert (before["A woman"], before["county total"], before["B total"]) == (5, 5, 0)


def test_plans_published_and_days_to_them(app: Flask, town: Town) -> None:
    found = march(app, town)
    published = numbers(found, "published", town)
    assert (published["A woman"], published["B woman"], published["county total"]) == (6, 5, 11)
    assert published["A man"] == 0
    median = numbers(found, "days_to_plan_median", town)
    p90 = numbers(found, "days_to_plan_p90", town)
    # A's women waited 1, 2, 3, 4, 10 and 20 days; B's five women 5 days each.
    # (The 90th percentile of fewer than ten is one person's own number: see test_hiding.)
    assert (median["A woman"], p90["A woman"]) == (3, "hidden")
    assert (median["B woman"], p90["B woman"]) == (5, "hidden")
    assert (median["county woman"], p90["county woman"]) == (5, 10)
    assert (median["county total"], p90["county total"]) == (5, 10)
    assert median["A man"] is None  # nobody to measure
    before = numbers(found, "days_to_plan_median", town, previous=True)
    assert before["A woman"] == 2


def test_approvals_days_and_share(app: Flask, town: Town) -> None:
    found = march(app, town)
    median = numbers(found, "days_to_approval_median", town)
    p90 = numbers(found, "days_to_approval_p90", town)
    assert (median["A woman"], p90["A woman"]) == (4, "hidden")
    share = numbers(found, "approved", town)
    assert share["A woman"] == "hidden"  # 5 of 6: the one who did not would stand out
    assert share["B woman"] == 0.0
    # 5 of 11, but with B's 0 of 5 it would give A's 5 of 6 away (see test_hiding).
    assert share["county woman"] == "hidden"


def test_change_requests_hide_what_the_county_total_would_reveal(app: Flask, town: Town) -> None:
    found = march(app, town)
    requests = numbers(found, "change_requests", town)
    assert (requests["county woman"], requests["county total"]) == (6, 6)
    # B's single request is hidden, so A's five must be too (6 - 5 = 1).
    assert requests["A woman"] == requests["B woman"] == "hidden"
    assert requests["A total"] == requests["B total"] == "hidden"


def test_civic_orientation_bookings_attendance_and_waiting(app: Flask, town: Town) -> None:
    found = march(app, town)
    booked = numbers(found, "civic_orientation_bookings", town)
    assert (booked["A woman"], booked["B woman"], booked["county total"]) == (6, 5, 11)
    elsewhere = numbers(found, "civic_orientation_elsewhere", town)
    assert (elsewhere["A woman"], elsewhere["B woman"], elsewhere["county woman"]) == (6, 0, 6)
    attendance = numbers(found, "civic_orientation_attendance", town)
    assert attendance["A woman"] == 100.0
    assert attendance["B woman"] == "hidden"  # 3 of 5
    assert attendance["county woman"] == "hidden"  # 9 of 11: two absent
    no_shows = numbers(found, "civic_orientation_no_shows", town)
    assert no_shows["B woman"] == "hidden" and no_shows["A woman"] == 0
    waiting = numbers(found, "civic_orientation_waiting", town)
    assert waiting["B woman"] == waiting["county total"] == "hidden"
    assert numbers(found, "civic_orientation_wait_median", town)["B woman"] == "hidden"
    assert numbers(found, "sfi_bookings", town)["county total"] == 0


def test_waiting_list_length_at_the_end_of_each_period(app: Flask, town: Town) -> None:
    found = march(app, town)
    queue = numbers(found, "sfi_queue", town)
    assert (queue["A man"], queue["county man"], queue["A total"]) == (5, 5, 5)
    assert queue["A other"] == 0  # offered a seat on 5 March: no longer waiting
    before = numbers(found, "sfi_queue", town, previous=True)
    assert before["A other"] == before["A total"] == "hidden"  # one person, at the end of February
    assert before["A man"] == 0
    joined = numbers(found, "sfi_waiting", town)
    assert joined["A man"] == 5
    assert numbers(found, "sfi_waiting", town, previous=True)["A other"] == "hidden"
    assert numbers(found, "sfi_wait_median", town)["A other"] == "hidden"
    hosting = found.hosting["civic_orientation"]
    assert hosting.homes == [town.a] and hosting.hosts == [town.b]
    assert hosting.values[(town.a, town.b)] == Value(6)


def test_plans_by_area_at_the_end_of_each_period(app: Flask, town: Town) -> None:
    found = march(app, town)
    assert numbers(found, "area_swedish", town)["A woman"] == 6
    assert numbers(found, "area_work", town)["A woman"] == 5
    assert numbers(found, "area_health", town)["B woman"] == 5
    assert numbers(found, "area_housing", town)["A woman"] == 5
    assert numbers(found, "area_family", town)["county total"] == 0
    assert numbers(found, "area_swedish", town, previous=True)["A woman"] == 0
    assert numbers(found, "area_housing", town, previous=True)["A woman"] == 5


def test_a_municipal_coordinator_sees_their_municipality_hidden_as_for_the_county(
    app: Flask, town: Town
) -> None:
    found = march(app, town, county_wide=False)
    assert [m.id for m in found.municipalities] == [town.a]
    assert grid(found, "change_requests")[(town.a, "woman")] == HIDDEN


def test_the_page_and_the_downloads(app: Flask, world: World, town: Town) -> None:
    coordinator = world.caseworker(town.a, role=StaffRole.COORDINATOR)
    world.run(lambda: _county_wide(coordinator.id))
    portal = Portal(app)
    portal.sign_in_staff(coordinator.email, coordinator.password)
    page = portal.get("/staff/figures?unit=month&period=2026-03")
    assert page.h1 == "Follow-up figures"
    chart = page.soup.select_one("#figure-registered ~ svg[role=img]")
    assert chart is not None and chart.find("title") is not None
    table = page.soup.select_one("#figure-registered ~ details table")
    assert table is not None and "Arboga" in table.get_text() and "Bergby" in table.get_text()
    assert "fewer than 5" in table.get_text()

    data = portal.client.get("/staff/figures.json?unit=month&period=2026-03").get_json()
    assert data["period"] == "2026-03" and data["previous_period"] == "2026-02"
    records = {
        (r["figure"], r["period"], r["municipality"], r["gender"]): (r["value"], r["hidden"])
        for r in data["figures"]
    }
    assert records[("registered", "2026-03", None, None)] == (20, False)
    assert records[("registered", "2026-03", "Arboga", "other")] == (None, True)
    hosted = {
        (r["occasion_kind"], r["home_municipality_code"], r["host_municipality_code"]): r["value"]
        for r in data["hosting"]
    }
    arboga, bergby = (m["code"] for m in _codes(app, town))
    assert hosted[("civic_orientation", arboga, bergby)] == 6

    csv = portal.client.get("/staff/figures.csv?unit=quarter&period=2026-Q1")
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("figure,title,unit,period,municipality_code")
    assert "registered,Participants registered,count,2026-Q1,,,,25,False" in lines


def _codes(app: Flask, town: Town) -> list[dict[str, str]]:
    return _in(
        app,
        lambda: [{"code": db.session.get_one(Municipality, m).code} for m in (town.a, town.b)],
    )


def _county_wide(staff_id: int) -> None:
    from portal.models import Staff

    db.session.get_one(Staff, staff_id).county_wide = True
    db.session.commit()
