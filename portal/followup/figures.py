"""The follow-up figures, each counted by SQL for a period and the one before, split by
women, men and other per municipality and for the county, with small counts hidden."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.database import db
from portal.followup.periods import Period
from portal.followup.shown import count, days, elsewhere, share
from portal.followup.values import AREAS, BOOKED_KINDS, Figures, Hosting, Scope
from portal.followup.window import Window
from portal.organisations.models import Municipality


def figures(scope: Scope, period: Period) -> Figures:
    previous = period.before()
    window = Window(scope.county_id, period, previous)
    found = [
        count("registered", _l("Participants registered"), window.registered()),
        count(
            "published", _l("Registered in the period, with a published plan"), window.published()
        ),
        *days(
            "days_to_plan",
            _l("Days from registration to the first published plan"),
            window.days_to_plan(),
        ),
        *days(
            "days_to_approval",
            _l("Days from registration to the first approval"),
            window.days_to_approval(),
        ),
        share(
            "approved",
            _l("Share who approved their plan, of those with a published plan"),
            window.approved(),
            window.published(),
        ),
        count("change_requests", _l("Requests for change"), window.change_requests()),
    ]
    hosting: dict[str, Hosting] = {}
    for kind in BOOKED_KINDS:
        name = kind.value
        found += [
            count(f"{name}_bookings", _l("Seats booked"), window.booked(kind), group=name),
            share(
                f"{name}_attendance",
                _l("Attendance rate, of meetings marked"),
                window.attended(kind),
                window.marked(kind),
                group=name,
            ),
            count(
                f"{name}_no_shows",
                _l("Absences without a valid reason"),
                window.no_shows(kind),
                group=name,
            ),
            count(f"{name}_waiting", _l("Joined a waiting list"), window.waiting(kind), group=name),
            count(
                f"{name}_queue",
                _l("On a waiting list at the end of the period"),
                [window.queue(kind, period), window.queue(kind, previous)],
                group=name,
            ),
            *days(
                f"{name}_wait",
                _l("Days on the waiting list until a seat was offered"),
                window.wait_days(kind),
                group=name,
            ),
        ]
        booked_elsewhere, hosting[name] = elsewhere(
            f"{name}_elsewhere",
            _l("Seats booked in another municipality than one's own"),
            window.elsewhere(kind),
            window.hosting(kind),
            group=name,
        )
        found.append(booked_elsewhere)
    by_area = [window.areas(period), window.areas(previous)]
    for area in AREAS:
        found.append(
            count(
                f"area_{area.value}",
                area.label,
                [by_area[0].get(area, {}), by_area[1].get(area, {})],
                group="areas",
            )
        )
    everywhere = list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.county_id == scope.county_id)
            .order_by(Municipality.name)
        )
    )
    municipalities = [
        m for m in everywhere if scope.municipality_ids is None or m.id in scope.municipality_ids
    ]
    for table in hosting.values():
        table.homes = [home for home in table.homes if home in {m.id for m in municipalities}]
    return Figures(period, previous, municipalities, everywhere, found, hosting)
