"""`flask apply-retention`: personal data goes RETENTION_YEARS after the introduction ends,
in every table; anonymised figures stay; approvals stay for their own time."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import func, select

from portal.database import db
from portal.models import (
    AnonymisedParticipant,
    Approval,
    Booking,
    LoginSession,
    Participant,
    RecordAccess,
    SmsMessage,
)
from tests.support.pages import Portal
from tests.support.world import World


def _set(participant_id: int, **values: object) -> None:
    person = db.session.get_one(Participant, participant_id)
    for name, value in values.items():
        setattr(person, name, value)
    db.session.commit()


def _count(model: type, **where: object) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return int(db.session.scalar(query) or 0)


def test_personal_data_goes_and_anonymised_figures_stay(app: Flask, world: World) -> None:
    staff = world.caseworker()
    provider = world.provider(staff.municipality_id)
    occasion = world.occasion(provider, capacity=5)
    gone = world.participant(staff, name="Amal Yusuf")
    signed = world.participant(staff, name="Berhane Kidane")
    recent = world.participant(staff, name="Dawit Haile")
    world.book(gone, occasion)
    world.book(recent, occasion)
    assert world.seats_taken(occasion) == 2
    for person in (gone, signed):
        portal = Portal(app)
        portal.sign_in_with_link(world, person)
    portal.submit(portal.get("/plan/approve"), confirm="y")  # the last one, Berhane, signs
    portal.submit(portal.get("/plan/approve/code"), code=world.last_code(signed.phone))
    caseworker = Portal(app)
    caseworker.sign_in_staff(staff.email, staff.password)
    caseworker.get(f"/staff/participants/{gone.id}")
    # Amal's introduction ended six years ago; Berhane's has no end date, but his permit is
    # old enough; Dawit's is recent.
    world.run(lambda: _set(gone.id, introduction_ends_on=date(2020, 6, 30)))
    world.run(lambda: _set(signed.id, residence_permit_date=date(2018, 1, 1)))

    result = app.test_cli_runner().invoke(args=["apply-retention"])
    assert result.exit_code == 0, result.output
    assert "Anonymised for follow-up: 2" in result.output
    assert "within their retention time: 1" in result.output
    assert "participant: 1" in result.output and "booking: 1" in result.output

    def after() -> dict[str, object]:
        berhane = db.session.get_one(Participant, signed.id)
        return {
            "amal": db.session.get(Participant, gone.id),
            "berhane": (berhane.name, berhane.phone),
            "dawit": db.session.get_one(Participant, recent.id).name,
            "approvals": _count(Approval),
            "bookings": _count(Booking, participant_id=gone.id),
            "texts to Amal": _count(SmsMessage, to=gone.phone),
            "sessions": _count(LoginSession, participant_id=gone.id),
            "access log": _count(RecordAccess, participant_id=gone.id),
            "anonymised": [
                (a.gender, a.bookings, a.days_to_approved_plan is not None)
                for a in db.session.scalars(
                    select(AnonymisedParticipant).order_by(AnonymisedParticipant.id)
                )
            ],
        }

    state = world.run(after)
    assert state == {
        "amal": None,
        "berhane": ("", ""),
        "dawit": "Dawit Haile",
        "approvals": 1,
        "bookings": 0,
        "texts to Amal": 0,
        "sessions": 0,
        "access log": 0,
        "anonymised": [("woman", 1, False), ("woman", 0, True)],
    }
    assert world.seats_taken(occasion) == 1  # Amal's seat was given back

    # Berhane's kept record is nobody's to see; Dawit's still is.
    desk = caseworker.get("/staff/")
    assert [row.select_one("td").get_text(strip=True) for row in desk.soup.select("tbody tr")] == [
        "Dawit Haile"
    ]
    assert caseworker.client.get(f"/staff/participants/{signed.id}").status_code == 404

    again = app.test_cli_runner().invoke(args=["apply-retention"])
    assert "Anonymised for follow-up: 0" in again.output
    assert "Deleted rows: none" in again.output
    assert "behind a checkpoint: 0" in again.output

    # Issue 10: once Berhane's approval is past its own time (APPROVAL_RETENTION_YEARS, 10),
    # it leaves behind a checkpoint, what it kept goes with it, and the chain still verifies.
    later = date.today().replace(year=date.today().year + 11).isoformat()
    last = app.test_cli_runner().invoke(args=["apply-retention", "--today", later])
    assert "behind a checkpoint: 1" in last.output, last.output
    assert world.run(lambda: (_count(Approval), db.session.get(Participant, signed.id))) == (
        0,
        None,
    )
    assert "Dawit" not in last.output and "participant: 2" in last.output
    checked = app.test_cli_runner().invoke(args=["verify-approvals"])
    assert checked.exit_code == 0, checked.output
    assert "Intact: 0 approvals, 1 checkpoints (1 approvals removed" in checked.output


def test_the_retention_time_is_configurable(app: Flask, world: World) -> None:
    person = world.participant(name="Amal Yusuf")
    world.run(lambda: _set(person.id, introduction_ends_on=date(2024, 6, 30)))
    keep = app.test_cli_runner().invoke(args=["apply-retention", "--today", "2026-12-01"])
    assert "Anonymised for follow-up: 0" in keep.output
    app.config["RETENTION_YEARS"] = 2
    try:
        gone = app.test_cli_runner().invoke(args=["apply-retention", "--today", "2026-12-01"])
    finally:
        app.config["RETENTION_YEARS"] = 5
    assert "Anonymised for follow-up: 1" in gone.output
    assert world.run(lambda: db.session.get(Participant, person.id)) is None
