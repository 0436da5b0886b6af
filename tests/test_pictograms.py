"""Issue 12: a pictogram for each area, activity type and occasion type: small, one visual
language, decorative where the words beside them say the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from portal.booking.vocabulary import OccasionType
from portal.config import ROOT
from portal.plans.vocabulary import ActivityType
from portal.vocabulary import Area
from tests.support.pages import Portal
from tests.support.world import World

ICONS = ROOT / "static" / "icons"


@pytest.mark.sqlite_only
def test_every_area_and_type_has_a_small_pictogram_with_its_licence() -> None:
    wanted = (
        [f"areas/{area.value}" for area in Area]
        + [f"activities/{kind.value}" for kind in ActivityType]
        + [f"occasions/{kind.value}" for kind in OccasionType]
        + [f"ui/{name}" for name in ("globe", "map_pin", "speaker", "phone", "person", "clock")]
    )
    for name in wanted:
        svg = (ICONS / f"{name}.svg").read_text()
        assert len(svg.encode()) < 700, name
        assert 'viewBox="0 0 24 24"' in svg and 'stroke="currentColor"' in svg, name
        assert 'stroke-width="2"' in svg and "<script" not in svg, name
    licences = Path(ICONS / "LICENSES.md").read_text()
    assert "ISC License" in licences and "MIT License" in licences


def test_the_plan_shows_pictograms_hidden_from_screen_readers(app: Flask, world: World) -> None:
    participant = world.participant(language="ti")
    plan = Portal(app).sign_in_with_link(world, participant)
    headings = plan.soup.select("section.area h2")
    assert headings and all(h.select_one("svg.icon") for h in headings)
    titles = plan.soup.select(".item__title.with-icon")
    assert titles and all(t.select_one("svg.icon") for t in titles)
    for svg in plan.soup.select("main svg.icon"):
        assert svg["aria-hidden"] == "true" and svg["focusable"] == "false"
        assert not svg.find("title")
    # The words are there for everyone: the pictogram adds, it does not replace.
    assert all(h.get_text(strip=True) for h in headings)


@pytest.mark.sqlite_only
def test_each_pictogram_is_the_one_for_its_kind(app: Flask) -> None:
    from portal.templating import icon

    with app.test_request_context():
        for kind in ActivityType:
            shown = str(icon(f"activities/{kind.value}"))
            own = (ICONS / "activities" / f"{kind.value}.svg").read_text().strip()
            assert re.sub(r"<svg[^>]*>", "", shown) == re.sub(r"<svg[^>]*>", "", own)
