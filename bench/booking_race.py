"""Many people booking one occasion at the same moment, from several processes.

A benchmark, not a test: it prints per database how many bookings were confirmed, how many
people went on the waiting list, how many seats were overbooked (must be 0), how many
booking requests per second were served and the SQL statements each one sent. Beside it, on
PostgreSQL, the limit measured in the same run: the same conditional UPDATE and INSERT sent
with plain psycopg from as many processes, one transaction per person, and the share of it
the portal reaches (target: 50 %).

    .venv/bin/python bench/booking_race.py [--participants 400] [--seats 50] [--processes 4]
                                            [--postgres-url URL] [--json]

SQLite runs on a file in a temporary directory. PostgreSQL runs on a throwaway server the
benchmark starts itself (tests/support/postgres.py), or, with --postgres-url, in a schema of
its own on that server, dropped afterwards. Every process is a separate app with its own
connections, as gunicorn workers are; each books its share of the participants one after
another through portal.booking.services, joining the waiting list when the occasion is full.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from datetime import timedelta
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from flask_migrate import upgrade
from sqlalchemy import event, func, insert, select
from sqlalchemy.engine import make_url

from portal.booking import occasions, seats, waiting_list
from portal.booking.models import Booking, BookingStatus, Occasion
from portal.booking.occasions import OccasionDetails
from portal.booking.rules import BookingError, OccasionFull
from portal.booking.vocabulary import OccasionType
from portal.config import ROOT
from portal.database import db, utcnow
from portal.organisations.models import County, Municipality, Organisation
from portal.participants.models import Participant, name_key
from portal.staff.models import Staff, StaffRole
from portal.vocabulary import Gender, OrganisationKind

sys.path.insert(0, str(ROOT))  # for tests.support.postgres

from support import make_app, own_schema


def prepare(url: str, participants: int, seats: int) -> tuple[int, list[int]]:
    """Migrate the empty database and add one occasion and the people who want it."""
    app = make_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        county = County(name="Västmanlands län")
        town = Municipality(county=county, code="1980", name="Västerås")
        office = Organisation(
            municipality=town, name="Etablering", kind=OrganisationKind.MUNICIPALITY
        )
        school = Organisation(
            municipality=town, name="Samhällsorientering", kind=OrganisationKind.CIVIC_ORIENTATION
        )
        provider = Staff(
            organisation=school,
            email="provider@bench.invalid",
            name="Provider",
            role=StaffRole.PROVIDER,
            password_hash="!",  # noqa: S106  (no password: nobody signs in)
        )
        db.session.add_all([county, town, office, school, provider])
        db.session.commit()
        db.session.execute(
            insert(Participant),
            [
                {
                    "organisation_id": office.id,
                    "municipality_id": town.id,
                    "name": f"Deltagare {n}",
                    "name_key": name_key(f"Deltagare {n}"),
                    "phone": f"+4670{1000000 + n:07d}",
                    "language": "ar",
                    "gender": Gender.WOMAN,
                    "created_at": utcnow(),
                }
                for n in range(participants)
            ],
        )
        db.session.commit()
        start = utcnow() + timedelta(days=7)
        occasion = occasions.publish(
            provider,
            OccasionDetails(
                kind=OccasionType.CIVIC_ORIENTATION,
                title="Samhällsorientering på arabiska",
                language="ar",
                address="Medborgarhuset",
                municipality_id=town.id,
                capacity=seats,
                open_to_county=True,
                book_by=start,
                cancel_by=start - timedelta(days=1),
            ),
            [(start + timedelta(weeks=n), start + timedelta(weeks=n, hours=3)) for n in range(10)],
        )
        ids = list(db.session.scalars(select(Participant.id).order_by(Participant.id)))
        result = occasion.id, ids
        db.engine.dispose()
    return result


def worker(url: str, occasion_id: int, ids: list[int], start: Barrier, out: Any) -> None:
    """One process: book each participant in turn, or put them on the waiting list."""
    app = make_app(url)
    counts = {"confirmed": 0, "waiting": 0, "refused": 0, "errors": 0, "statements": 0}

    def count(*_args: Any) -> None:
        counts["statements"] += 1

    with app.app_context():
        db.session.execute(select(1))  # connect before the start, as a warm worker would
        db.session.rollback()
        event.listen(db.engine, "before_cursor_execute", count)
        start.wait()
        for participant_id in ids:
            try:
                # As the booking routes do: the person comes with the signed-in session, and
                # the occasion is read by the booking's own statement.
                participant = db.session.get_one(Participant, participant_id)
                try:
                    seats.book(participant, occasion_id)
                    counts["confirmed"] += 1
                except OccasionFull:
                    waiting_list.join_waiting_list(participant, occasion_id)
                    counts["waiting"] += 1
            except BookingError:
                counts["refused"] += 1
            except Exception as error:  # reported, and fails the run
                counts["errors"] += 1
                print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
                db.session.rollback()
            db.session.expunge_all()
        db.engine.dispose()
    out.put(counts)


def race(url: str, participants: int, seats: int, processes: int) -> dict[str, Any]:
    occasion_id, ids = prepare(url, participants, seats)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes + 1)
    out = context.Queue()
    workers = [
        context.Process(target=worker, args=(url, occasion_id, ids[n::processes], start, out))
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    start.wait()
    began = time.perf_counter()
    reported = [out.get(timeout=600) for _ in workers]
    elapsed = time.perf_counter() - began
    for process in workers:
        process.join()

    app = make_app(url)
    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Booking.status, func.count())
                .where(Booking.occasion_id == occasion_id)
                .group_by(Booking.status)
            ).all()
        )
        occasion = db.session.get_one(Occasion, occasion_id)
        counter, capacity = occasion.seats_taken, occasion.capacity
        doubles = db.session.scalar(
            select(func.count()).select_from(
                select(Booking.participant_id)
                .where(Booking.occasion_id == occasion_id)
                .group_by(Booking.participant_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        db.engine.dispose()
    confirmed = statuses.get(BookingStatus.CONFIRMED, 0)
    holding = confirmed + statuses.get(BookingStatus.OFFERED, 0)
    return {
        "confirmed": confirmed,
        "waitlisted": statuses.get(BookingStatus.WAITING, 0),
        "overbooked": max(0, holding - capacity),
        "bookings_per_s": round(participants / elapsed, 1),
        "participants": participants,
        "seats": capacity,
        "processes": processes,
        "seconds": round(elapsed, 3),
        "seats_counter": counter,
        "double_booked": doubles or 0,
        "errors": sum(counts["errors"] for counts in reported),
        "statements_per_booking": round(
            sum(counts["statements"] for counts in reported) / participants, 1
        ),
    }


LIMIT_STATEMENTS = {
    "copy": (
        "INSERT INTO occasion (organisation_id, municipality_id, kind, title, language, "
        "address, phrases, description, written_in, capacity, seats_taken, open_to_county, "
        "book_by, cancel_by, starts_at, ends_at, created_at) "
        "SELECT organisation_id, municipality_id, kind, title, language, address, phrases, "
        "description, written_in, capacity, 0, open_to_county, book_by, cancel_by, starts_at, "
        "ends_at, created_at FROM occasion WHERE id = %s RETURNING id"
    ),
    "take": (
        "UPDATE occasion SET seats_taken = seats_taken + 1 WHERE id = %s AND seats_taken < capacity"
    ),
    "book": (
        "INSERT INTO booking (occasion_id, participant_id, status, created_at, confirmed_at) "
        "VALUES (%s, %s, %s, now(), CASE WHEN %s = 'confirmed' THEN now() END)"
    ),
}


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def limit_worker(url: str, occasion_id: int, ids: list[int], start: Barrier, out: Any) -> None:
    """The database's own limit: the same seat rule in plain psycopg, one transaction each."""
    import psycopg

    with psycopg.connect(libpq(url)) as connection:
        start.wait()
        for participant_id in ids:
            with connection.transaction(), connection.cursor() as cursor:
                cursor.execute(LIMIT_STATEMENTS["take"], (occasion_id,))
                status = "confirmed" if cursor.rowcount == 1 else "waiting"
                cursor.execute(
                    LIMIT_STATEMENTS["book"], (occasion_id, participant_id, status, status)
                )
    out.put(len(ids))


def plain_limit(url: str, occasion_id: int, participants: int, processes: int) -> float:
    """Bookings per second of the plain-psycopg limit, on a fresh copy of the occasion."""
    import psycopg

    with psycopg.connect(libpq(url)) as connection:
        copy = connection.execute(LIMIT_STATEMENTS["copy"], (occasion_id,)).fetchone()
        ids = [row[0] for row in connection.execute("SELECT id FROM participant ORDER BY id")]
    assert copy is not None
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes + 1)
    out = context.Queue()
    workers = [
        context.Process(target=limit_worker, args=(url, copy[0], ids[n::processes], start, out))
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    start.wait()
    began = time.perf_counter()
    done = sum(out.get(timeout=600) for _ in workers)
    elapsed = time.perf_counter() - began
    for process in workers:
        process.join()
    return round(done / elapsed, 1)


def on_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="booking-race-") as directory:
        url = f"sqlite:///{Path(directory) / 'race.sqlite3'}"
        return race(url, args.participants, args.seats, args.processes)


def on_postgresql(args: argparse.Namespace) -> dict[str, Any]:
    if args.postgres_url:
        return _in_own_schema(args.postgres_url, args)
    from tests.support.postgres import TemporaryPostgres

    server = TemporaryPostgres()
    try:
        return _with_limit(server.start(), args)
    finally:
        server.stop()


def _in_own_schema(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """On someone else's server: a schema of our own, dropped afterwards."""
    with own_schema(url, "booking_race") as scoped:
        return _with_limit(scoped, args)


def _with_limit(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """The race, and the limit measured beside it (before and after: the machine is shared)."""
    found = race(url, args.participants, args.seats, args.processes)
    app = make_app(url)
    with app.app_context():
        occasion_id = db.session.scalar(select(func.min(Occasion.id)))
        db.engine.dispose()
    assert occasion_id is not None
    limits = [plain_limit(url, occasion_id, args.participants, args.processes) for _ in range(2)]
    found["plain_psycopg_per_s"] = round(sum(limits) / len(limits), 1)
    found["share_of_limit"] = round(found["bookings_per_s"] / found["plain_psycopg_per_s"], 3)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--postgres-url", help="a PostgreSQL server to use instead of our own")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.processes < 2 or args.seats >= args.participants:
        parser.error("use at least 2 processes and fewer seats than participants")

    results = {"sqlite": on_sqlite(args), "postgresql": on_postgresql(args)}
    if args.json:
        print(json.dumps(results))
    else:
        print(
            f"{args.participants} participants, {args.seats} seats, "
            f"{args.processes} processes booking at once"
        )
        for name, figures in results.items():
            print(
                f"{name:<11} confirmed {figures['confirmed']:>5}  "
                f"waitlisted {figures['waitlisted']:>5}  "
                f"overbooked {figures['overbooked']:>3}  "
                f"bookings/s {figures['bookings_per_s']:>8}  "
                f"(double-booked {figures['double_booked']}, errors {figures['errors']}, "
                f"{figures['statements_per_booking']} statements each)"
            )
            if "plain_psycopg_per_s" in figures:
                print(
                    f"{'':<11} limit: the same UPDATE + INSERT in plain psycopg "
                    f"{figures['plain_psycopg_per_s']}/s; the portal reaches "
                    f"{figures['share_of_limit']:.0%} of it (target 50 %)"
                )
    failed = any(
        figures["overbooked"] or figures["double_booked"] or figures["errors"]
        for figures in results.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
