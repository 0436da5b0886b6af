"""Plans by area at the end of each period when plans were revised: the version that stood
at each end counts, not the newest (the newest's areas are kept on the participant's row,
the older versions are read only for those who published a newer one since)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select, update

from portal.database import db
from portal.followup.aggregates import COUNTY, TOTAL
from portal.followup.periods import parse
from portal.followup.window import Window
from portal.models import Municipality, Participant, Plan, PlanVersion
from portal.participants import status
from portal.plans.models import VersionStatus, area_bits
from portal.vocabulary import Area
from tests.support.world import World


def _plan(person_id: int, *versions: tuple[str | None, list[str], str]) -> None:
    """Versions in order: (published on, areas, status)."""
    plan = db.session.scalars(select(Plan).where(Plan.participant_id == person_id)).one()
    for number, (day, areas, state) in enumerate(versions, start=1):
        db.session.add(
            PlanVersion(
                plan_id=plan.id,
                number=number,
                status=state,
                published_at=datetime.fromisoformat(day).replace(tzinfo=UTC) if day else None,
                areas=area_bits(areas),
            )
        )


def test_plans_by_area_count_the_version_that_stood_at_each_end(app: Flask, world: World) -> None:
    staff = world.caseworker()
    people = [world.participant(staff, plan=False).id for _ in range(6)]

    def build() -> None:
        _plan(
            people[0],
            ("2026-01-10", ["work"], "published"),
            ("2026-03-10", ["swedish"], "published"),
        )
        _plan(
            people[1],
            ("2026-02-10", ["health"], "published"),
            ("2026-02-20", ["housing"], "published"),
            ("2026-04-05", ["family"], "published"),  # after both ends
        )
        _plan(people[2], ("2026-03-05", ["work", "swedish"], "published"))
        _plan(people[3], ("2026-01-01", ["family"], "published"))
        _plan(people[4], ("2026-04-10", ["work"], "published"))
        _plan(
            people[5],
            ("2026-02-01", ["health"], "published"),
            ("2026-02-02", ["work"], "published"),
        )
        # Drafts (registration made one for each) count for nothing.
        db.session.execute(
            update(PlanVersion)
            .where(PlanVersion.status == VersionStatus.DRAFT)
            .values(areas=area_bits(["health"]))
        )
        status.refresh_all()
        db.session.commit()

    world.run(build)

    def counted() -> dict[str, dict[Area, int]]:
        county = db.session.get_one(Municipality, staff.municipality_id).county_id
        period = parse("2026-03")
        assert period is not None
        window = Window(county, period, period.before())
        return {
            which: {area: cells.get((COUNTY, TOTAL), 0) for area, cells in found.items()}
            for which, found in (
                ("period", window.areas(period)),
                ("previous", window.areas(period.before())),
            )
        }

    found = world.run(counted)
    assert found["period"] == {
        Area.WORK: 2,  # the third, and the sixth's second version
        Area.SWEDISH: 2,  # the first's second version, the third
        Area.HEALTH: 0,
        Area.HOUSING: 1,  # the second's second version: the third came after
        Area.FAMILY: 1,  # the fourth
    }
    assert found["previous"] == {
        Area.WORK: 2,  # the first's first version, the sixth's second
        Area.SWEDISH: 0,
        Area.HEALTH: 0,
        Area.HOUSING: 1,
        Area.FAMILY: 1,
    }
    genders = world.run(
        lambda: {db.session.get_one(Participant, person).gender for person in people}
    )
    assert len(genders) == 1  # the county's total is the one cell each is counted in
