"""Figures for past periods do not change when retention deletes the people behind them:
the hand-made data set's figures, computed before and after everyone's personal data goes,
are the same, number for number and hidden for hidden."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from portal.database import db
from portal.followup import figures as counted
from portal.followup.periods import parse
from portal.followup.values import Figures, Scope
from portal.models import AnonymisedEvent, AnonymisedParticipant, Booking, Municipality, Participant
from portal.privacy import retention
from tests.followup.test_figures import Town, build
from tests.support.world import World

PERIODS = ("2026-02", "2026-03", "2026-04", "2026-Q1", "2026-Q2", "2026")


@pytest.fixture
def town(world: World) -> Town:
    made = Town(world)
    world.run(lambda: build(made))
    return made


def _snapshot(found: Figures) -> dict[str, Any]:
    return {
        "figures": {figure.key: figure.values for figure in found.figures},
        "hosting": {
            kind: (table.homes, table.hosts, table.values) for kind, table in found.hosting.items()
        },
    }


def _all_figures(app: Flask, town: Town) -> dict[str, Any]:
    county_id = db.session.get_one(Municipality, town.a).county_id
    result = {}
    for code in PERIODS:
        period = parse(code)
        assert period is not None
        with app.test_request_context():
            result[code] = _snapshot(counted.figures(Scope(county_id), period))
    return result


def test_figures_of_past_periods_stay_when_retention_runs(app: Flask, town: Town) -> None:
    with app.app_context():
        before = _all_figures(app, town)
        db.session.execute(update(Participant).values(introduction_ends_on=date(2019, 6, 30)))
        db.session.commit()
        result = retention.apply(date(2026, 12, 1))
        # Everyone's data went; A's women who approved stay, erased, for their approvals.
        assert result.anonymised == 25 and result.erased_but_kept == 5
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
        assert db.session.scalar(select(func.count()).select_from(AnonymisedParticipant)) == 25
        assert db.session.scalar(select(func.count()).select_from(AnonymisedEvent)) > 25
        after = _all_figures(app, town)
    for code in PERIODS:
        assert after[code]["hosting"] == before[code]["hosting"], code
        for key, values in before[code]["figures"].items():
            assert after[code]["figures"][key] == values, (code, key)
    # Not an empty comparison: March has people, plans and bookings to count.
    registered = before["2026-03"]["figures"]["registered"][0]
    assert registered[(None, "total")].number == 20
