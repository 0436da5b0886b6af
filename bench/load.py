"""Every participant page, the county's offer and the caseworker's pages under load, beside a
bare Flask page served the same way, at 100 and at 100,000 participants.

A benchmark, not a test: for each size it seeds a county in a schema of its own with bulk
inserts (bench/desk.py's county, plus a county-wide offer of occasions with their meetings and
each signed-in participant's bookings and place on a waiting list), serves the portal with
gunicorn (2 sync workers) on PostgreSQL and bench/bare_flask.py under the same settings, signs
participants in through their invitation link and the code texted to them, and a caseworker
with their password, then drives each page with wrk, one request after another cycling through
the signed-in people. It prints requests per second, p50, p95 and p99, and each page's
throughput as a share of bare Flask's in the same run.

    .venv/bin/python bench/load.py [--sizes 100,100000] [--duration 10] [--connections 50]
                                   [--people 40] [--postgres-url URL] [--port 22100]
                                   [--quick] [--json]

PostgreSQL runs on a throwaway server the benchmark starts itself (tests/support/postgres.py),
or, with --postgres-url, in a schema of its own on that server, dropped afterwards. The machine
may be shared: read the ratios, which are measured in the same minute, not the absolute figures.
Targets (issue 13): participant pages >= 25 % of bare Flask with p99 <= 4x their own p50,
/booking within 1.5x of /plan, caseworker pages >= 15 %, p95 at the largest size within 1.2x
of p95 at the smallest.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from flask import Flask
from sqlalchemy import func, insert, select, text

from portal.auth import invitations
from portal.auth.tokens import CODE_DIGITS
from portal.booking import seats, waiting_list
from portal.booking.models import Meeting, Occasion
from portal.config import ROOT
from portal.database import db
from portal.models import Organisation, Participant, PlanVersion, SmsMessage

sys.path.insert(0, str(ROOT))  # for tests.support.postgres

from county import PASSWORD, seed, sync_sequences
from desk import server
from support import make_app, own_schema

BENCH = Path(__file__).resolve().parent

PARTICIPANT_PAGES = ["/plan", "/week", "/", "/booking/mine", "/booking"]
CASEWORKER_PAGES = ["/staff/", "/staff/?show=everyone", "/staff/participants/{id}"]
OFFER_OCCASIONS = 300  # the county's offer, as the issue measured it (311 occasions)
MEETINGS_PER_OCCASION = 9
KINDS = ["sfi", "civic_orientation", "vocational_swedish", "information_meeting"]
LANGUAGES = ["ar", "ti", "so", "fa", "uk", "sv"]

WRK_SCRIPT = """
local requests = %(requests)s
local n = 0
request = function()
  n = n + 1
  local r = requests[(n %% #requests) + 1]
  return wrk.format("GET", r[1], {["Cookie"] = r[2], ["Accept-Encoding"] = "gzip, br"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, '
    .. '"status_errors": %%d, "timeouts": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


# --- the county ----------------------------------------------------------------------------


def seed_offer(app: Flask, now: datetime) -> list[int]:
    """The county's offer: occasions over the coming weeks, each with its meetings."""
    with app.app_context():
        school = db.session.scalar(select(Organisation.id).where(Organisation.name == "SFI"))
        towns = db.session.scalars(
            select(Organisation.municipality_id).where(Organisation.kind == "municipality")
        ).all()
        first = (db.session.scalar(select(func.max(Occasion.id))) or 0) + 1
        first_meeting = (db.session.scalar(select(func.max(Meeting.id))) or 0) + 1
        occasions, meetings = [], []
        for n in range(OFFER_OCCASIONS):
            begins = (now + timedelta(days=2 + n % 60, hours=n % 5)).replace(
                minute=0, second=0, microsecond=0
            )
            occasions.append(
                {
                    "id": first + n,
                    "organisation_id": school,
                    "municipality_id": towns[n % len(towns)],
                    "kind": KINDS[n % len(KINDS)],
                    "title": f"Grupp {n}",
                    "language": LANGUAGES[n % len(LANGUAGES)],
                    "address": "Stora torget 1",
                    "phrases": [],
                    "description": "",
                    "written_in": "sv",
                    "capacity": 5 if n == 0 else 20,
                    "seats_taken": 0,
                    "open_to_county": True,
                    "book_by": begins - timedelta(days=1),
                    "cancel_by": begins - timedelta(days=1),
                    "starts_at": begins,
                    "ends_at": begins + timedelta(weeks=MEETINGS_PER_OCCASION - 1, hours=3),
                    "created_at": now,
                }
            )
            for week in range(MEETINGS_PER_OCCASION):
                meetings.append(
                    {
                        "id": first_meeting + len(meetings),
                        "occasion_id": first + n,
                        "starts_at": begins + timedelta(weeks=week),
                        "ends_at": begins + timedelta(weeks=week, hours=3),
                    }
                )
        db.session.execute(insert(Occasion), occasions)
        db.session.execute(insert(Meeting), meetings)
        db.session.commit()
        sync_sequences()
    return [row["id"] for row in occasions]


def people_to_sign_in(app: Flask, count: int) -> list[int]:
    """Participants of the caseworker's office with a published plan."""
    with app.app_context():
        office = db.session.scalar(
            select(Organisation.id).where(Organisation.kind == "municipality").limit(1)
        )
        return list(
            db.session.scalars(
                select(Participant.id)
                .join(PlanVersion, PlanVersion.plan_id == Participant.id)
                .where(Participant.organisation_id == office)
                .order_by(Participant.id)
                .limit(count)
            )
        )


def book_for(app: Flask, people: list[int], offer: list[int], others: list[int]) -> None:
    """Through the booking rules themselves: each person books three occasions, and joins
    the waiting list of the first, which others have filled."""
    with app.test_request_context():
        full = db.session.get_one(Occasion, offer[0])
        for someone in others[: full.capacity]:
            seats.book(db.session.get_one(Participant, someone), full)
        for number, person in enumerate(people):
            participant = db.session.get_one(Participant, person)
            for step in (1, 7, 13):
                occasion = db.session.get_one(Occasion, offer[(number + step) % len(offer) or 1])
                seats.book(participant, occasion)
            waiting_list.join_waiting_list(participant, db.session.get_one(Occasion, offer[0]))
        db.session.remove()


# --- signing in ----------------------------------------------------------------------------


def sign_in_participant(app: Flask, base: str, person: int) -> str:
    """The invitation link a caseworker would text, opened; the code texted, entered.
    Returns the Cookie header the browser would send afterwards."""
    with app.test_request_context():
        link = invitations.send_invitation(
            db.session.get_one(Participant, person), None, by_sms=False
        )
        db.session.remove()
    path = link.removeprefix(app.config["PUBLIC_BASE_URL"])
    with httpx.Client(base_url=base) as client:
        opened = client.get(path)
        assert opened.status_code == 303, (path, opened.status_code)
        page = client.get("/sign-in/code").text
        code = texted_code(app, person)
        done = client.post("/sign-in/code", data={"csrf_token": csrf(page), "code": code})
        assert done.status_code in (302, 303), ("/sign-in/code", done.status_code)
        return cookie_header(client)


def texted_code(app: Flask, person: int) -> str:
    """The code in the newest sign-in text to the person, as the gateway was given it."""
    with app.app_context():
        for _ in range(50):
            body = db.session.scalar(
                select(SmsMessage.body)
                .where(SmsMessage.participant_id == person, SmsMessage.kind == "code_sign_in")
                .order_by(SmsMessage.id.desc())
                .limit(1)
            )
            db.session.rollback()
            found = re.search(rf"(?<![0-9])[0-9]{{{CODE_DIGITS}}}(?![0-9])", body or "")
            if found:
                return found[0]
            time.sleep(0.1)
    raise RuntimeError(f"no sign-in code was texted to participant {person}")


def sign_in_caseworker(base: str) -> str:
    with httpx.Client(base_url=base) as client:
        page = client.get("/staff/login").text
        done = client.post(
            "/staff/login",
            data={"csrf_token": csrf(page), "email": "cw@bench.invalid", "password": PASSWORD},
        )
        assert done.status_code == 303, ("/staff/login", done.status_code)
        return cookie_header(client)


def csrf(page: str) -> str:
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the page"
    return token[1]


def cookie_header(client: httpx.Client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


# --- serving and driving -------------------------------------------------------------------


class Served(str):
    """The base URL of a server, and its master process (whose workers' CPU time we read)."""

    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server's workers so far (Linux /proc)."""
        total = 0
        for worker in Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split():
            fields = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def idle(self) -> float:
        """Wait until the workers have finished what the last run left queued (wrk closes
        its connections, but requests already sent are still served, and would be counted
        against the next page); returns their CPU time then."""
        before = self.cpu_seconds()
        while True:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now == before:
                return now
            before = now


@contextmanager
def gunicorn(app_name: str, port: int, env: dict[str, str], chdir: Path) -> Iterator[Served]:
    """`app_name` served by gunicorn with 2 sync workers, as in production."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        f"--chdir={chdir}",
        "--log-level=warning",
        app_name,
    ]
    # gunicorn puts the directory it was started from ($PWD) first on sys.path: start it
    # where the code to serve is, or another checkout's portal may be the one served.
    process = subprocess.Popen(
        command,
        cwd=chdir,
        env={**os.environ, **env, "PWD": str(chdir)},
        stderr=subprocess.DEVNULL,
    )
    base = Served(f"http://127.0.0.1:{port}")
    base.pid = process.pid
    try:
        started = time.perf_counter()
        while True:
            try:
                httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.perf_counter() - started > 60:
                    raise RuntimeError(f"gunicorn {app_name} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def drive(
    base: Served, requests: list[tuple[str, str]], args: argparse.Namespace
) -> dict[str, Any]:
    """wrk against `base`, cycling through (path, cookie) pairs; figures in ms and req/s, and
    the server's CPU time per request, which a busy machine disturbs least."""
    sizes = []
    for path, cookie in requests[:3]:  # every page answers before it is timed
        answer = httpx.get(base + path, headers={"Cookie": cookie}, timeout=60)
        assert answer.status_code == 200, (path, answer.status_code)
        sizes.append(len(answer.content))
    cpu = base.idle()
    pairs = (f"{{{json.dumps(path)},{json.dumps(cookie)}}}" for path, cookie in requests)
    lua = "{" + ",".join(pairs) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % {"requests": lua})
        script.flush()
        output = subprocess.run(
            [
                args.wrk,
                f"--threads={min(2, args.connections)}",
                f"--connections={args.connections}",
                f"--duration={args.duration}s",
                "--timeout=30s",
                f"--script={script.name}",
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    found = json.loads(output.split("RESULT", 1)[1])
    seconds = found["duration_us"] / 1e6
    cpu = base.cpu_seconds() - cpu
    return {
        "cpu_ms": round(cpu * 1000 / max(found["requests"], 1), 2),
        "bytes": max(sizes),
        "req_s": round(found["requests"] / seconds, 1),
        "p50_ms": round(found["p50_us"] / 1000, 1),
        "p95_ms": round(found["p95_us"] / 1000, 1),
        "p99_ms": round(found["p99_us"] / 1000, 1),
        "requests": found["requests"],
        "errors": found["socket_errors"] + found["status_errors"] + found["timeouts"],
    }


def measure(url: str, participants: int, args: argparse.Namespace) -> dict[str, Any]:
    app = make_app(url)
    started = time.perf_counter()
    seed(app, participants)
    now = datetime.now(UTC)
    offer = seed_offer(app, now)
    people = people_to_sign_in(app, args.people + 5)
    book_for(app, people[: args.people], offer, people[args.people :])
    with app.app_context():
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    seeded = time.perf_counter() - started
    env = {
        "PORTAL_CONFIG": "development",
        "SECRET_KEY": str(app.config["SECRET_KEY"]),
        "DATABASE_URL": url,
        "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"],
        "SIGN_IN_LIMIT": "100000 per minute",
        "CODE_LIMIT": "100000 per minute",
        "STAFF_LOGIN_LIMIT": "100000 per minute",
        # Every sign-in comes from this one address: lift the text budget (issue 9) out of reach.
        "SMS_BUDGET_PER_ADDRESS": "100000 per minute",
        "SMS_BUDGET_PER_ORGANISATION": "100000 per minute",
    }
    figures: dict[str, Any] = {"participants": participants, "seed_s": round(seeded, 1)}
    with gunicorn("bare_flask:app", args.port + 1, {}, BENCH) as bare:
        figures["bare_flask"] = drive(bare, [("/", "")], args)
    with gunicorn("wsgi:app", args.port, env, ROOT) as base:
        cookies = [sign_in_participant(app, base, person) for person in people[: args.people]]
        caseworker = sign_in_caseworker(base)
        pages: dict[str, Any] = {}
        for path in PARTICIPANT_PAGES:
            pages[path] = drive(base, [(path, cookie) for cookie in cookies], args)
        for path in CASEWORKER_PAGES:
            requests = [(path.format(id=person), caseworker) for person in people[: args.people]]
            pages[path] = drive(base, requests, args)
    with gunicorn("bare_flask:app", args.port + 1, {}, BENCH) as bare:
        again = drive(bare, [("/", "")], args)
    # The limit as the median of before and after: the machine is shared.
    figures["bare_flask"]["req_s_after"] = again["req_s"]
    limit = (figures["bare_flask"]["req_s"] + again["req_s"]) / 2
    bare_cpu = (figures["bare_flask"]["cpu_ms"] + again["cpu_ms"]) / 2
    figures["bare_flask"]["cpu_ms_after"] = again["cpu_ms"]
    for found in pages.values():
        found["share_of_bare"] = round(found["req_s"] / limit, 3)
        found["cpu_share_of_bare"] = round(bare_cpu / max(found["cpu_ms"], 0.001), 3)
    figures["pages"] = pages
    return figures


def verdicts(results: list[dict[str, Any]]) -> list[str]:
    """The issue's targets, checked on these figures."""
    lines = []
    for found in results:
        pages, size = found["pages"], f"{found['participants']:,}"
        for path in PARTICIPANT_PAGES:
            page = pages[path]
            lines.append(
                f"{size} {path}: {page['share_of_bare']:.0%} of bare (>= 25 %), "
                f"p99 {page['p99_ms'] / max(page['p50_ms'], 0.1):.1f}x p50 (<= 4x)"
            )
        ratio = pages["/booking"]["req_s"] / max(pages["/plan"]["req_s"], 0.1)
        lines.append(f"{size} /booking at {1 / max(ratio, 0.001):.2f}x the time of /plan (<= 1.5)")
        for path in CASEWORKER_PAGES:
            lines.append(f"{size} {path}: {pages[path]['share_of_bare']:.0%} of bare (>= 15 %)")
    if len(results) > 1:
        small, large = results[0], results[-1]
        for path in small["pages"]:
            ratio = large["pages"][path]["p95_ms"] / max(small["pages"][path]["p95_ms"], 0.1)
            lines.append(f"p95 {path} at {large['participants']:,}: {ratio:.2f}x (<= 1.2)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,100000", help="participants, comma-separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--people", type=int, default=40, help="participants signed in")
    parser.add_argument("--postgres-url", help="a PostgreSQL server to use instead of our own")
    parser.add_argument("--port", type=int, default=22100, help="and the next one, for bare")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    parser.add_argument(
        "--quick", action="store_true", help="100 participants, 2 s a page, 10 connections"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.duration, args.connections, args.people = "100", 2, 10, 10
    if args.duration < 1:
        parser.error("--duration is in whole seconds, at least 1")
    results = []
    with server(args.postgres_url) as base:
        for size in (int(part) for part in args.sizes.split(",")):
            with own_schema(base, "bench_load") as url:
                results.append(measure(url, size, args))
    if args.json:
        print(json.dumps({"results": results, "targets": verdicts(results)}))
        return 0
    print(
        f"gunicorn, 2 sync workers, PostgreSQL; wrk {args.connections} connections, "
        f"{args.duration} s a page. The machine may be shared: read the ratios."
    )
    for found in results:
        bare = found["bare_flask"]
        print(
            f"\n{found['participants']:,} participants (seeded in {found['seed_s']} s); "
            f"bare Flask {bare['req_s']:,.0f} req/s before, {bare['req_s_after']:,.0f} after, "
            f"p50 {bare['p50_ms']} ms, p99 {bare['p99_ms']} ms, "
            f"CPU {bare['cpu_ms']} ms a request"
        )
        print(
            f"  {'page':<26}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  of bare"
            f"{'CPU ms':>8}  of bare's CPU"
        )
        for path, page in found["pages"].items():
            print(
                f"  {path:<26}{page['req_s']:>8.1f}{page['p50_ms']:>9.1f}{page['p95_ms']:>9.1f}"
                f"{page['p99_ms']:>9.1f}  {page['share_of_bare']:>6.1%}{page['cpu_ms']:>8.2f}"
                f"  {page['cpu_share_of_bare']:>6.1%}"
                + (f"  ({page['errors']} errors)" if page["errors"] else "")
            )
    print("\nTargets:")
    for line in verdicts(results):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
