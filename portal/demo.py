"""`flask --app wsgi demo`: a county, two municipalities, caseworkers and participants."""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.auth.invitations import send_invitation
from portal.auth.passwords import hash_password
from portal.booking import occasions, seats
from portal.booking.models import Occasion
from portal.booking.occasions import OccasionDetails, local_time, meeting_times
from portal.booking.vocabulary import OccasionType
from portal.database import db
from portal.organisations.models import County, Municipality, Organisation
from portal.participants.models import Participant
from portal.participants.registry import ParticipantDetails, register
from portal.plans import drafting, versions
from portal.plans.drafting import ActivityDetails, GoalDetails
from portal.plans.vocabulary import ActivityType, GoalKind, Term
from portal.sms.service import deliver_due
from portal.staff.models import Staff, StaffRole
from portal.vocabulary import Area, Gender, OrganisationKind

MON, TUE, WED, THU, FRI = (1 << day for day in range(5))


def is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(County))


def create_demo() -> list[str]:
    """Create the demo data and return the lines to print."""
    county = County(name="Västmanlands län")
    vasteras = Municipality(county=county, code="1980", name="Västerås")
    koping = Municipality(county=county, code="1983", name="Köping")
    db.session.add_all([county, vasteras, koping])
    lines = []
    caseworkers = []
    for municipality, email, name in (
        (vasteras, "handlaggare@vasteras.example", "Karin Lindqvist"),
        (koping, "handlaggare@koping.example", "Johan Ek"),
    ):
        organisation = Organisation(
            municipality=municipality,
            name=f"{municipality.name} stad, etablering",
            kind=OrganisationKind.MUNICIPALITY,
        )
        password = secrets.token_urlsafe(9)
        staff = Staff(
            organisation=organisation,
            email=email,
            name=name,
            role=StaffRole.CASEWORKER,
            password_hash=hash_password(password),
        )
        db.session.add_all([organisation, staff])
        caseworkers.append(staff)
        lines.append(f"Caseworker in {municipality.name}: {email}  password: {password}")
    db.session.commit()

    today = date.today()
    participants = []
    people = [
        (caseworkers[0], "Daniel Tesfaye", "+46701740605", "sv", Gender.MAN),
        (caseworkers[0], "Rania Al-Khatib", "+46701740606", "ar", Gender.WOMAN),
        (caseworkers[1], "Yonas Tesfamariam", "+46701740607", "ti", Gender.MAN),
    ]
    for staff, name, phone, language, gender in people:
        participant = register(
            ParticipantDetails(
                name=name,
                phone=phone,
                language=language,
                municipality_id=staff.organisation.municipality_id,
                gender=gender,
                residence_permit_date=today - timedelta(days=40),
            ),
            staff,
        )
        _demo_plan(participant, staff, today)
        link = send_invitation(participant, staff)
        lines.append(f"{name} ({language}): {link}")
        participants.append(participant)
    lines += _demo_offer(vasteras, koping, caseworkers, participants, today)
    deliver_due()
    return lines


def _demo_offer(
    vasteras: Municipality,
    koping: Municipality,
    caseworkers: list[Staff],
    participants: list[Participant],
    today: date,
) -> list[str]:
    """Two providers with an account each, and what they offer in the coming weeks across
    both municipalities, in several languages: one occasion nearly full, one full."""
    lines = []
    providers = {}
    for municipality, name, kind, email in (
        (
            vasteras,
            "Vuxenutbildningen Västerås, SFI",
            OrganisationKind.SFI_SCHOOL,
            "sfi@vasteras.example",
        ),
        (
            koping,
            "Samhällsorientering i Västmanland",
            OrganisationKind.CIVIC_ORIENTATION,
            "samhallsorientering@koping.example",
        ),
    ):
        password = secrets.token_urlsafe(9)
        organisation = Organisation(municipality=municipality, name=name, kind=kind)
        providers[kind] = Staff(
            organisation=organisation,
            email=email,
            name=f"Bokning, {name}",
            role=StaffRole.PROVIDER,
            password_hash=hash_password(password),
        )
        db.session.add_all([organisation, providers[kind]])
        lines.append(f"Provider at {name}: {email}  password: {password}")
    db.session.commit()

    school = providers[OrganisationKind.SFI_SCHOOL]
    civic = providers[OrganisationKind.CIVIC_ORIENTATION]
    # A Monday at least three days away, so that every occasion is still open for booking.
    monday = today + timedelta(days=7 - today.weekday())
    if (monday - today).days < 3:
        monday += timedelta(weeks=1)
    MONDAY, TUESDAY, WEDNESDAY, THURSDAY = range(4)

    def offer(
        staff: Staff,
        kind: OccasionType,
        title: str,
        language: str,
        where: tuple[Municipality, str],
        first: date,
        hours: tuple[time, time],
        capacity: int,
        *,
        weeks: int = 0,
        days: tuple[int, ...] = (),
        open_to_county: bool = True,
        description: str = "",
    ) -> Occasion:
        municipality, address = where
        meetings = meeting_times(
            first, first + timedelta(weeks=weeks) if weeks else None, days, *hours
        )
        start = local_time(first, hours[0])
        return occasions.publish(
            staff,
            OccasionDetails(
                kind=kind,
                title=title,
                language=language,
                address=address,
                municipality_id=municipality.id,
                capacity=capacity,
                open_to_county=open_to_county,
                book_by=start - timedelta(days=1),
                cancel_by=start - timedelta(days=2),
                description=description,
            ),
            meetings,
        )

    medborgarhuset = (vasteras, "Medborgarhuset, Stora torget 1, sal 2")
    folkets_hus = (koping, "Folkets hus, Stora gatan 34")
    skolan = (vasteras, "Kopparbergsvägen 17, rum 104")
    morning, afternoon = (time(9), time(12)), (time(13), time(16))
    offer(
        civic,
        OccasionType.CIVIC_ORIENTATION,
        "Samhällsorientering på arabiska",
        "ar",
        medborgarhuset,
        monday + timedelta(days=1),
        morning,
        16,
        weeks=5,
        days=(TUESDAY, THURSDAY),
        description="Ta med ditt LMA-kort eller id-kort.",
    )
    offer(
        civic,
        OccasionType.CIVIC_ORIENTATION,
        "Samhällsorientering på tigrinja",
        "ti",
        folkets_hus,
        monday + timedelta(weeks=1),
        afternoon,
        12,
        weeks=4,
        days=(MONDAY, WEDNESDAY),
    )
    offer(
        civic,
        OccasionType.CIVIC_ORIENTATION,
        "Samhällsorientering på dari",
        "fa_AF",
        (vasteras, "Stadsbiblioteket, Biskopsgatan 2"),
        monday + timedelta(days=2),
        morning,
        14,
        weeks=8,
        days=(WEDNESDAY,),
    )
    offer(
        civic,
        OccasionType.CIVIC_ORIENTATION,
        "Samhällsorientering på somaliska",
        "so",
        folkets_hus,
        monday + timedelta(weeks=2, days=1),
        morning,
        10,
        weeks=5,
        days=(TUESDAY,),
        open_to_county=False,
    )
    full = offer(
        civic,
        OccasionType.INFORMATION_MEETING,
        "Så fungerar arbetsmarknaden i Sverige",
        "ar",
        folkets_hus,
        monday + timedelta(days=3),
        (time(17), time(19)),
        2,
    )
    offer(
        civic,
        OccasionType.INFORMATION_MEETING,
        "Att studera på Komvux",
        "sv",
        medborgarhuset,
        monday + timedelta(weeks=1, days=3),
        (time(17), time(18, 30)),
        40,
    )
    nearly_full = offer(
        school,
        OccasionType.SFI_PLACEMENT_TEST,
        "Nivåtest inför SFI",
        "sv",
        skolan,
        monday,
        (time(9), time(11)),
        3,
        open_to_county=False,
    )
    offer(
        school,
        OccasionType.SFI_PLACEMENT_TEST,
        "Nivåtest inför SFI i Köping",
        "sv",
        (koping, "Karlbergsskolan, Östra långgatan 5"),
        monday + timedelta(days=3),
        (time(13), time(15)),
        6,
        open_to_county=False,
    )
    offer(
        school,
        OccasionType.SFI,
        "SFI kurs B, förmiddag",
        "sv",
        skolan,
        monday + timedelta(weeks=1),
        (time(8, 30), time(12)),
        20,
        weeks=6,
        days=(MONDAY, TUESDAY, WEDNESDAY, THURSDAY),
    )
    offer(
        school,
        OccasionType.STUDY_GUIDANCE,
        "Studie- och yrkesvägledning på arabiska",
        "ar",
        skolan,
        monday + timedelta(days=2),
        (time(13), time(14)),
        8,
    )
    offer(
        school,
        OccasionType.STUDY_GUIDANCE,
        "Studie- och yrkesvägledning på tigrinja",
        "ti",
        folkets_hus,
        monday + timedelta(weeks=1, days=1),
        (time(10), time(11)),
        6,
    )

    daniel, rania, yonas = participants
    seats.book(daniel, nearly_full, caseworkers[0])
    seats.book(rania, nearly_full, caseworkers[0])
    seats.book(daniel, full, caseworkers[0])
    seats.book(yonas, full, caseworkers[1])
    return lines


def _demo_plan(participant: Participant, staff: Staff, today: date) -> None:
    draft = versions.draft_of(versions.plan_of(participant))
    assert draft is not None
    monday = today - timedelta(days=today.weekday())
    drafting.add_goal(draft, GoalDetails(Area.SWEDISH, Term.SHORT, GoalKind.SWEDISH_EVERYDAY))
    drafting.add_goal(draft, GoalDetails(Area.CIVIC, Term.SHORT, GoalKind.CIVIC_COMPLETED))
    drafting.add_goal(
        draft,
        GoalDetails(
            Area.WORK,
            Term.LONG,
            GoalKind.JOB_IN_PROFESSION,
            note="Arbeta som undersköterska inom två år.",
        ),
    )
    drafting.add_activity(
        draft,
        ActivityDetails(
            kind=ActivityType.SFI,
            area=Area.SWEDISH,
            responsible=OrganisationKind.SFI_SCHOOL,
            place="Vuxenutbildningen, Kopparbergsvägen 17",
            start_date=monday,
            end_date=monday + timedelta(weeks=30),
            weekdays=MON | TUE | WED | THU,
            start_time=time(8, 30),
            end_time=time(12, 0),
        ),
    )
    drafting.add_activity(
        draft,
        ActivityDetails(
            kind=ActivityType.CIVIC_ORIENTATION,
            area=Area.CIVIC,
            responsible=OrganisationKind.MUNICIPALITY,
            place="Medborgarhuset, sal 2",
            start_date=monday + timedelta(weeks=1),
            end_date=monday + timedelta(weeks=11),
            weekdays=FRI,
            start_time=time(9, 0),
            end_time=time(12, 0),
        ),
    )
    drafting.add_activity(
        draft,
        ActivityDetails(
            kind=ActivityType.HEALTH_EXAMINATION,
            area=Area.HEALTH,
            responsible=OrganisationKind.REGION_HEALTH,
            place="Vårdcentralen Centrum",
            start_date=monday + timedelta(days=9),
            end_date=monday + timedelta(days=9),
            weekdays=0,
            start_time=time(13, 0),
            end_time=time(14, 0),
            note="Ta med ditt LMA-kort eller uppehållstillståndskort.",
        ),
    )
    drafting.publish(draft, staff)


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load demo data into an empty database and print how to sign in."""
    if not is_empty():
        raise click.ClickException("The database already holds data; the demo needs an empty one.")
    for line in create_demo():
        click.echo(line)


@click.command("demo-if-empty")
@with_appcontext
def demo_if_empty() -> None:
    """As `demo`, but quietly does nothing when the database holds data (for `make run`)."""
    if is_empty():
        for line in create_demo():
            click.echo(line)
    else:
        click.echo("The database already holds data; no demo data loaded.")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(demo_if_empty)
