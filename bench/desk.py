"""The caseworker's list and the coordinator's figures at 100 and at 100,000 participants.

A benchmark, not a test: it seeds a county (ten municipalities; 70 % of the participants in
one organisation, more than the 65,535 that once broke the list) with bulk inserts that keep
the schema's rules, then times pages through the app as a signed-in caseworker and a
county-wide coordinator would fetch them, pinned to one core. Beside each figure it prints
the limits measured in the same run: a bare Flask page, and the list's own query in plain SQL.

    .venv/bin/python bench/desk.py [--sizes 100,100000] [--repeat 15] [--postgres-url URL]
                                   [--json]

PostgreSQL runs on a throwaway server the benchmark starts itself (tests/support/postgres.py),
or, with --postgres-url, in a schema of its own on that server, dropped afterwards.
Budget: the list page under 50 KB and under 100 ms; the figures page well under a second.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import Integer, create_engine, insert, text

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

sys.path.insert(0, str(ROOT))  # for tests.support.postgres

from support import make_app, own_schema

PASSWORD = "benchmark password"  # noqa: S105  (a throwaway database)
LIST_BUDGET_BYTES = 50 * 1024
LIST_BUDGET_MS = 100.0
FIGURES_BUDGET_MS = 1000.0
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


def signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    done = client.post(
        "/staff/login", data={"csrf_token": token[1], "email": email, "password": PASSWORD}
    )
    assert done.status_code == 303, done.status_code
    return client


def timed(fetch: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median time of `repeat` calls, in milliseconds, after one warm-up call."""
    result = fetch()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fetch()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def measure(url: str, participants: int, repeat: int) -> dict[str, Any]:
    app = make_app(url)
    started = time.perf_counter()
    seed(app, participants)
    seeded = time.perf_counter() - started
    caseworker = signed_in(app, "cw@bench.invalid")
    coordinator = signed_in(app, "co@bench.invalid")
    figures: dict[str, Any] = {"participants": participants, "seed_s": round(seeded, 1)}

    def page(path: str) -> Callable[[], Any]:
        def fetch() -> Any:
            response = caseworker.get(path, headers={"Accept-Encoding": "identity"})
            assert response.status_code == 200, (path, response.status_code)
            return response.data

        return fetch

    with app.app_context():
        signed = db.session.execute(
            text(
                "SELECT a.participant_id FROM approval a JOIN participant p "
                "ON p.id = a.participant_id JOIN staff s ON s.organisation_id = p.organisation_id "
                "WHERE s.email = 'cw@bench.invalid' ORDER BY a.id LIMIT 1"
            )
        ).scalar()
        started = time.perf_counter()
        checked = approval_chain.verify(10)
        assert checked.intact, checked.first_break
        figures["verify_approvals_s"] = round(time.perf_counter() - started, 2)
        figures["approvals"] = checked.checked
    for name, path in (
        # The participant's page checks every link of the approval chain (breaks_near).
        ("participant", f"/staff/participants/{signed}"),
        ("list", "/staff/?show=everyone"),
        ("attention", "/staff/"),
        ("search", "/staff/?show=everyone&q=mohamed+hasan"),
        ("phone", "/staff/?show=everyone&q=070-000+00+42"),
    ):
        ms, body = timed(page(path), repeat)
        figures[f"{name}_ms"] = round(ms, 1)
        figures[f"{name}_bytes"] = len(body)
        figures[f"{name}_gzip_bytes"] = len(gzip.compress(body))
    year = datetime.now(UTC).year

    def figures_page() -> Any:
        response = coordinator.get(f"/staff/figures?unit=year&period={year}")
        assert response.status_code == 200, response.status_code
        return response.data

    ms, body = timed(figures_page, max(3, repeat // 5))
    figures["figures_ms"] = round(ms, 1)
    figures["figures_bytes"] = len(body)
    figures.update(limits(app, url, repeat))
    with app.app_context():
        db.engine.dispose()
    return figures


def limits(app: Flask, url: str, repeat: int) -> dict[str, float]:
    """What the same machine does at best in this run: a bare Flask page, and the list's
    first page as one plain SQL query."""
    bare = Flask("bare")
    bare.add_url_rule("/", "bare", lambda: "<p>bare</p>")
    client = bare.test_client()
    bare_ms, _ = timed(lambda: client.get("/"), repeat)
    engine = create_engine(url)
    with engine.connect() as connection:
        organisation = connection.execute(
            text("SELECT organisation_id FROM staff LIMIT 1")
        ).scalar()
        query = text(
            "SELECT id, name, municipality_id FROM participant WHERE organisation_id = :o "
            "ORDER BY name, id LIMIT 51"
        )
        sql_ms, _ = timed(lambda: connection.execute(query, {"o": organisation}).all(), repeat)
        # The least any figure can cost: one pass over the participants, grouped.
        one_pass = text(
            "SELECT municipality_id, gender, count(*) FROM participant "
            "GROUP BY municipality_id, gender"
        )
        pass_ms, _ = timed(lambda: connection.execute(one_pass).all(), repeat)
    engine.dispose()
    return {
        "bare_flask_ms": round(bare_ms, 2),
        "plain_sql_ms": round(sql_ms, 2),
        "one_pass_ms": round(pass_ms, 2),
    }


@contextmanager
def server(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from tests.support.postgres import TemporaryPostgres

    started = TemporaryPostgres()
    try:
        yield started.start()
    finally:
        started.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,100000", help="participants, comma-separated")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres-url", help="a PostgreSQL server to use instead of our own")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    results = []
    with server(args.postgres_url) as base:
        for size in (int(part) for part in args.sizes.split(",")):
            with own_schema(base, "bench_desk") as url:
                results.append(measure(url, size, args.repeat))
    if args.json:
        print(json.dumps({"results": results}))
        return 0
    print(
        f"PostgreSQL, one core; budget: list page under {LIST_BUDGET_BYTES // 1024} KB and "
        f"{LIST_BUDGET_MS:.0f} ms, figures page under {FIGURES_BUDGET_MS:.0f} ms"
    )
    for found in results:
        print(f"\n{found['participants']:,} participants (seeded in {found['seed_s']} s)")
        for name in ("participant", "list", "attention", "search", "phone"):
            print(
                f"  {name:<10} {found[f'{name}_ms']:>7.1f} ms  {found[f'{name}_bytes'] / 1024:>6.1f} KB"
                f" ({found[f'{name}_gzip_bytes'] / 1024:.1f} KB compressed)"
            )
        print(
            f"  {'figures':<10} {found['figures_ms']:>7.1f} ms  {found['figures_bytes'] / 1024:>6.1f} KB"
        )
        print(
            f"  verify-approvals: {found['approvals']:,} approvals in {found['verify_approvals_s']} s"
        )
        print(
            f"  limits: bare Flask page {found['bare_flask_ms']} ms, "
            f"the list's query in plain SQL {found['plain_sql_ms']} ms, "
            f"one grouped pass over the participants {found['one_pass_ms']} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
