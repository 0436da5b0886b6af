"""The list a caseworker lands on, "needs attention": read from moments kept on the
participant's row (participants.status), which every event keeps right and which come due
as time passes, meaning exactly what its conditions mean."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import and_, or_, select, update

from portal.auth.models import Invitation
from portal.database import db, utcnow
from portal.models import PlanVersion, SmsMessage, SmsStatus
from portal.participants import desk, status
from portal.participants.desk import DeskQuery, Show
from portal.participants.models import Participant
from portal.participants.registry import not_erased
from portal.participants.status import ATTENTION_ALWAYS
from portal.staff.models import Staff
from tests.plans.test_approval import approve
from tests.support.pages import Portal
from tests.support.world import ParticipantRef, StaffRef, World


def moments(world: World, person: ParticipantRef) -> tuple[datetime | None, datetime | None]:
    def read() -> tuple[datetime | None, datetime | None]:
        row = db.session.get_one(Participant, person.id)
        return row.attention_from, row.waiting_since

    return world.run(read)


def attention(world: World, staff: StaffRef, now: datetime, days: int = 7) -> set[str]:
    def read() -> set[str]:
        found = desk.page(
            db.session.get_one(Staff, staff.id), DeskQuery(show=Show.ATTENTION, days=days), now
        )
        return {person.name for person, _status in found.rows}

    return world.run(read)


def published_at(world: World, person: ParticipantRef) -> datetime:
    def read() -> datetime:
        found = db.session.get_one(Participant, person.id).published_at
        assert found is not None
        return found

    return world.run(read)


def test_each_event_keeps_when_they_need_attention(app: Flask, world: World) -> None:
    staff = world.caseworker()
    person = world.participant(staff, name="Amal")
    without_plan = world.participant(staff, name="Berhane", plan=False)
    assert moments(world, without_plan) == (None, None)
    # A plan whose link was never sent needs attention at once.
    assert moments(world, person) == (ATTENTION_ALWAYS, None)

    portal = Portal(app)
    opened = portal.get(world.invite(person), status=303)

    def expiry() -> datetime:
        return db.session.scalars(
            select(Invitation.expires_at).where(Invitation.participant_id == person.id)
        ).one()

    # A link sent: from the moment it expires unused.
    assert moments(world, person) == (world.run(expiry), None)
    plan = portal.follow(portal.submit(portal.follow(opened), code=world.last_code(person.phone)))
    # Used, signed in, the plan waiting for approval: since it was published.
    assert moments(world, person) == (None, published_at(world, person))

    portal.follow(portal.submit(portal.get("/plan/change"), message="Another time, please."))
    assert moments(world, person) == (ATTENTION_ALWAYS, published_at(world, person))
    caseworker = Portal(app)
    caseworker.sign_in_staff(staff.email, staff.password)
    record = caseworker.get(f"/staff/participants/{person.id}")
    caseworker.submit(record, action=record.soup.select_one('form[action$="/handled"]')["action"])
    assert moments(world, person) == (None, published_at(world, person))

    approve(portal, world, person, plan)
    assert moments(world, person) == (None, None)


def test_they_come_to_need_attention_as_time_passes(app: Flask, world: World) -> None:
    staff = world.caseworker()
    invited = world.participant(staff, name="Invited")
    world.invite(invited)
    waiting = world.participant(staff, name="Waiting")
    Portal(app).sign_in_with_link(world, waiting)
    now = utcnow()
    lifetime = app.config["INVITATION_TTL"]
    assert attention(world, staff, now) == set()
    # (Waiting 30 days for approval would be another reason.)
    later = now + lifetime + timedelta(minutes=1)
    assert attention(world, staff, later, days=30) == {"Invited"}
    published = published_at(world, waiting)
    assert attention(world, staff, published + timedelta(days=7) - timedelta(minutes=1)) == set()
    assert attention(world, staff, published + timedelta(days=7)) == {"Waiting"}
    assert attention(world, staff, published + timedelta(days=3), days=3) == {"Waiting"}
    assert attention(world, staff, published + timedelta(days=3), days=4) == set()


def _each_condition(days: int, now: datetime) -> Any:
    """The list as it was written before the moments: any one of its conditions."""
    return or_(
        desk.change_open(),
        desk.sms_failed(),
        desk.expired(now),
        desk.not_approved(days, now),
        desk.missed(),
        and_(desk.not_sent(), Participant.current_version.is_not(None)),
    )


def test_needs_attention_shows_exactly_whom_any_of_its_conditions_shows(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    people = {
        key: world.participant(staff, name=key.capitalize(), plan=key != "planless")
        for key in ("planless", "unsent", "invited", "expired", "waiting", "changer", "unreached")
    }
    for key in ("invited", "expired", "unreached"):
        world.invite(people[key])
    Portal(app).sign_in_with_link(world, people["waiting"])
    approved = world.participant(staff, name="Approved")
    approving = Portal(app)
    approve(approving, world, approved, approving.sign_in_with_link(world, approved))
    changer = Portal(app)
    changer.sign_in_with_link(world, people["changer"])
    changer.submit(changer.get("/plan/change"), message="Another time, please.")

    def arrange() -> None:
        later = {
            Invitation: Invitation.participant_id == people["expired"].id,
            SmsMessage: SmsMessage.participant_id == people["unreached"].id,
        }
        db.session.execute(update(Invitation).where(later[Invitation]).values(expires_at=utcnow()))
        db.session.execute(
            update(SmsMessage).where(later[SmsMessage]).values(status=SmsStatus.FAILED)
        )
        db.session.execute(update(PlanVersion).values(published_at=utcnow() - timedelta(days=10)))
        status.refresh_all()  # as `flask refresh-statuses` would after facts changed by hand
        db.session.commit()

    world.run(arrange)

    def any_condition(days: int, now: datetime) -> set[str]:
        organisation = db.session.get_one(Staff, staff.id).organisation_id
        return set(
            db.session.scalars(
                select(Participant.name).where(
                    Participant.organisation_id == organisation,
                    not_erased(),
                    _each_condition(days, now),
                )
            )
        )

    now = utcnow()
    seen = []
    for moment in (
        now - timedelta(days=30),
        now,
        now + timedelta(days=15),
        now + timedelta(days=400),
    ):
        for days in (0, 7, 30):
            expected = world.run(lambda days=days, moment=moment: any_condition(days, moment))
            assert attention(world, staff, moment, days) == expected, (moment, days)
            seen.append(frozenset(expected))
    # The moments and days asked about make a difference: the comparison has teeth.
    assert len(set(seen)) >= 3
    assert all("Planless" not in shown and "Approved" not in shown for shown in seen)
    assert {"Unsent", "Changer", "Unreached"} <= set.intersection(*map(set, seen))
