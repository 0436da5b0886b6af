"""A county of any size for the desk benchmark: ten municipalities, 70 % of the participants
in one organisation, with plans, links, sign-ins, approvals, requests, texts, bookings and
attendance, bulk-inserted as the schema's rules allow, then each participant's status kept
as the domain functions would."""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Integer, insert, text

from portal.auth.passwords import hash_password
from portal.config import ROOT
from portal.database import db
from portal.models import (
    Activity,
    Approval,
    Attendance,
    Booking,
    ChangeRequest,
    County,
    Invitation,
    LoginSession,
    Meeting,
    Municipality,
    NameTerm,
    Occasion,
    OneTimeCode,
    Organisation,
    Participant,
    Plan,
    PlanVersion,
    SmsMessage,
    Staff,
)
from portal.participants import status
from portal.participants.models import name_key
from portal.participants.search import terms
from portal.plans import approval_chain
from portal.plans.models import area_bits

PASSWORD = "benchmark password"  # noqa: S105  (a throwaway database)
FIRST = ["Mohammed", "Amal", "Yonas", "Halima", "Ali", "Rania", "Daniel", "Fatima", "Olena", "Abdi"]
LAST = ["Hassan", "Tesfaye", "Yusuf", "Ahmadi", "Kovalenko", "Mohamud", "Karimi", "Haile"]
TOWNS = [
    "Västerås",
    "Köping",
    "Sala",
    "Arboga",
    "Fagersta",
    "Kungsör",
    "Hallstahammar",
    "Norberg",
    "Skinnskatteberg",
    "Surahammar",
]


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(model: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        db.session.execute(insert(model), chunk)


def seed(app: Flask, participants: int) -> dict[str, Any]:
    """A county and its people: plans, links, sign-ins, approvals, requests, texts, bookings."""
    randomness = random.Random(11)  # seeded: the same county every run
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        county = County(name="Västmanlands län")
        towns = [
            Municipality(county=county, code=f"19{n:02d}", name=name)
            for n, name in enumerate(TOWNS)
        ]
        offices = [
            Organisation(municipality=town, name=f"Etablering {town.name}", kind="municipality")
            for town in towns
        ]
        school = Organisation(municipality=towns[0], name="SFI", kind="sfi_school")
        password = hash_password(PASSWORD)
        caseworker = Staff(
            organisation=offices[0],
            email="cw@bench.invalid",
            name="C",
            role="caseworker",
            password_hash=password,
        )
        coordinator = Staff(
            organisation=offices[0],
            email="co@bench.invalid",
            name="K",
            role="coordinator",
            county_wide=True,
            password_hash=password,
        )
        db.session.add_all([county, *towns, *offices, school, caseworker, coordinator])
        db.session.flush()
        ids = {"caseworker": caseworker.id, "coordinator": coordinator.id}
        town_ids = [town.id for town in towns]

        people = []
        for n in range(participants):
            home = 0 if randomness.random() < 0.7 else randomness.randrange(1, len(towns))
            name = f"{randomness.choice(FIRST)} {randomness.choice(LAST)} {n}"
            people.append(
                {
                    "id": n + 1,
                    "organisation_id": offices[home].id,
                    "municipality_id": town_ids[home],
                    "name": name,
                    "name_key": name_key(name),  # a bulk insert runs no validators
                    "name_latin": "",
                    "phone": f"+4670{n:07d}",
                    "language": randomness.choice(["sv", "ar", "ti", "fa", "so", "uk"]),
                    "gender": randomness.choice(["woman", "man", "woman", "man", "other"]),
                    "created_at": now - timedelta(days=randomness.randrange(1, 700)),
                }
            )
        _bulk(Participant, people)
        _bulk(
            NameTerm,
            [
                {"participant_id": p["id"], "organisation_id": p["organisation_id"], "term": term}
                for p in people
                for term in terms(p["name"])
            ],
        )
        _bulk(
            Plan,
            [
                {"id": p["id"], "participant_id": p["id"], "created_at": p["created_at"]}
                for p in people
            ],
        )
        versions, activities, invitations, logins, codes, approvals = [], [], [], [], [], []
        requests, texts, bookings, marks = [], [], [], []
        for p in people:
            pid, registered = p["id"], p["created_at"]
            if randomness.random() < 0.85:
                published = registered + timedelta(days=randomness.randrange(0, 30))
                versions.append(
                    {
                        "id": pid,
                        "plan_id": pid,
                        "number": 1,
                        "status": "published",
                        "created_at": registered,
                        "published_at": published,
                    }
                )
                chosen = randomness.sample(
                    [
                        ("work", "internship"),
                        ("swedish", "sfi"),
                        ("health", "health_measure"),
                        ("housing", "housing_support"),
                        ("family", "parenting_support"),
                    ],
                    2,
                )
                versions[-1]["areas"] = area_bits(area for area, _kind in chosen)
                for area, kind in chosen:
                    activities.append(
                        {
                            "version_id": pid,
                            "key": secrets.token_hex(16),
                            "area": area,
                            "kind": kind,
                            "responsible": "municipality",
                            "place": "",
                            "start_date": date(2026, 1, 5),
                            "weekdays": 3,
                            "note": "",
                        }
                    )
                if randomness.random() < 0.8:
                    sent = published + timedelta(hours=2)
                    invitations.append(
                        {
                            "id": pid,
                            "participant_id": pid,
                            "token_hash": secrets.token_hex(32),
                            "created_at": sent,
                            "expires_at": sent + timedelta(days=14),
                            "opened_at": sent if randomness.random() < 0.7 else None,
                        }
                    )
                    texts.append(
                        {
                            "participant_id": pid,
                            "to": p["phone"],
                            "kind": "invitation",
                            "language": p["language"],
                            "body": "*",
                            "display_body": "*",
                            "status": "failed" if randomness.random() < 0.02 else "sent",
                            "attempts": 1,
                            "next_attempt_at": sent,
                            "created_at": sent,
                            "status_at": sent,
                            "expires_at": sent + timedelta(days=14),  # the link's lifetime
                        }
                    )
                    if invitations[-1]["opened_at"] is not None:
                        logins.append(
                            {
                                "token_hash": secrets.token_hex(32),
                                "participant_id": pid,
                                "invitation_id": pid,
                                "created_at": sent,
                                "expires_at": sent + timedelta(days=30),
                            }
                        )
                        if randomness.random() < 0.7:
                            codes.append(
                                {
                                    "id": pid,
                                    "purpose": "approve",
                                    "phone": p["phone"],
                                    "participant_id": pid,
                                    "salt": "s",
                                    "code_hash": "h",
                                    "created_at": sent,
                                    "expires_at": sent,
                                }
                            )
                            approvals.append(
                                {
                                    "participant_id": pid,
                                    "plan_version_id": pid,
                                    "content_sha256": EMPTY_SHA256,
                                    "content": "{}",
                                    "language": p["language"],
                                    "statement_version": 1,
                                    "approved_at": sent
                                    + timedelta(days=randomness.randrange(0, 9)),
                                    "code_id": pid,
                                }
                            )
                        elif randomness.random() < 0.2:
                            requests.append(
                                {
                                    "participant_id": pid,
                                    "plan_version_id": pid,
                                    "message": "…",
                                    "language": p["language"],
                                    "created_at": sent + timedelta(days=1),
                                }
                            )
        _bulk(PlanVersion, versions)
        _bulk(Activity, activities)
        _bulk(Invitation, invitations)
        _bulk(SmsMessage, texts)
        _bulk(LoginSession, logins)
        _bulk(OneTimeCode, codes)
        _bulk(Approval, chained(approvals))
        _bulk(ChangeRequest, requests)

        # SFI and civic orientation: one occasion per 200 people, 20 seats each.
        occasions = max(1, participants // 200)
        start = now - timedelta(days=60)
        for n in range(occasions):
            begins = start + timedelta(days=n % 90)
            db.session.add(
                Occasion(
                    id=n + 1,
                    organisation_id=school.id,
                    municipality_id=town_ids[n % len(town_ids)],
                    kind="sfi" if n % 2 else "civic_orientation",
                    title="Kurs",
                    language="ar",
                    address="Torget 1",
                    capacity=20,
                    seats_taken=0,
                    book_by=begins,
                    cancel_by=begins,
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=3),
                    meetings=[
                        Meeting(id=n + 1, starts_at=begins, ends_at=begins + timedelta(hours=3))
                    ],
                )
            )
        db.session.flush()
        for n, p in enumerate(randomness.sample(people, min(len(people), occasions * 20))):
            occasion = n // 20 + 1
            booked = start - timedelta(days=5)
            bookings.append(
                {
                    "id": n + 1,
                    "occasion_id": occasion,
                    "participant_id": p["id"],
                    "status": "confirmed",
                    "created_at": booked,
                    "confirmed_at": booked,
                }
            )
            marks.append(
                {
                    "booking_id": n + 1,
                    "meeting_id": occasion,
                    "marked_at": booked,
                    "status": "attended" if randomness.random() < 0.85 else "absent",
                }
            )
        _bulk(Booking, bookings)
        _bulk(Attendance, marks)
        db.session.commit()
        postgresql = db.engine.dialect.name == "postgresql"
        if postgresql:
            _maintain("ANALYZE")  # statistics first, or each participant's refresh scans
        # What each event's domain function would have kept: where everyone stands.
        status.refresh_all()
        db.session.commit()
        if postgresql:
            # As autovacuum would have it after a bulk load: statistics, and the visibility
            # map that lets counts read indexes only.
            _maintain("VACUUM ANALYZE")
        sync_sequences()
    return ids


EMPTY_SHA256 = hashlib.sha256(b"{}").hexdigest()


def chained(approvals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The approvals linked as the app links them (plans/approval_chain.py)."""
    previous = approval_chain.GENESIS
    for row in approvals:
        for name in approval_chain.ENTRY_FIELDS:
            row.setdefault(name, None)
        row["previous_sha256"] = previous
        row["entry_sha256"] = previous = approval_chain.entry_hash(SimpleNamespace(**row), previous)
    return approvals


def sync_sequences() -> None:
    """Rows inserted with their ids leave PostgreSQL's sequences behind: move each past its
    table's largest id, so that the app can add rows after the seeding."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and isinstance(table.c.id.type, Integer):
            name = table.name  # one of our own tables, never input
            sequence = f"pg_get_serial_sequence('{name}', 'id')"
            db.session.execute(
                text(f'SELECT setval({sequence}, coalesce(max(id), 0) + 1, false) FROM "{name}"')  # noqa: S608
            )
    db.session.commit()


def _maintain(command: str) -> None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(command))
