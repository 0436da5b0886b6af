"""The figures page draws each figure per municipality as well as for the county: a chart of
every municipality's total for a county-wide coordinator, a chart of their own
municipality's women, men and other for a municipality's; and who hosts whom per kind."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.staff.models import StaffRole
from tests.followup.test_figures import Town, _county_wide, build
from tests.support.pages import Portal
from tests.support.world import World

URL = "/staff/figures?unit=month&period=2026-03"


@pytest.fixture
def town(world: World) -> Town:
    made = Town(world)
    world.run(lambda: build(made))
    return made


def _labels(chart: object) -> list[str]:
    return [text.get_text() for text in chart.select("text.chart__label")]  # type: ignore[attr-defined]


def test_a_county_wide_coordinator_sees_a_chart_of_every_municipality(
    app: Flask, world: World, town: Town
) -> None:
    coordinator = world.caseworker(town.a, role=StaffRole.COORDINATOR)
    world.run(lambda: _county_wide(coordinator.id))
    portal = Portal(app)
    portal.sign_in_staff(coordinator.email, coordinator.password)
    page = portal.get(URL)
    chart = page.soup.select_one("svg[aria-labelledby='chart-registered-municipalities']")
    assert chart is not None
    title = chart.find("title").get_text()
    assert title.startswith("Participants registered in each municipality")
    assert _labels(chart) == [
        "Arboga, March 2026",
        "Arboga, February 2026",
        "Bergby, March 2026",
        "Bergby, February 2026",
    ]
    values = [text.get_text() for text in chart.select("text.chart__value")]
    assert values == ["13", "5", "7", "0"]
    hosting = page.soup.select_one("#figure-civic_orientation-hosting ~ div table")
    assert hosting is not None and "Bergby" in hosting.get_text()
    assert page.soup.select_one("#figure-sfi-hosting") is not None


def test_a_municipal_coordinator_sees_their_municipality_by_gender(
    app: Flask, world: World, town: Town
) -> None:
    coordinator = world.caseworker(town.a, role=StaffRole.COORDINATOR)
    portal = Portal(app)
    portal.sign_in_staff(coordinator.email, coordinator.password)
    page = portal.get(URL)
    chart = page.soup.select_one(f"svg[aria-labelledby='chart-registered-{town.a}']")
    assert chart is not None
    assert chart.find("title").get_text().startswith("Participants registered in Arboga")
    values = [text.get_text() for text in chart.select("text.chart__value")]
    # Arboga's 6 women, and 5 in February; its men and others are too few to show.
    assert values == ["6", "5", "fewer than 5", "0", "fewer than 5", "0"]
    assert "Bergby" not in chart.get_text()
    assert page.soup.select_one("svg[aria-labelledby='chart-registered-municipalities']") is None
