"""The caseworker's list and the coordinator's figures at 100 and at 100,000 participants.

A benchmark, not a test: it seeds a county (bench/county.py: ten municipalities; 70 % of the
participants in one organisation, more than the 65,535 that once broke the list), then times
pages through the app as a signed-in caseworker and a county-wide coordinator would fetch
them, pinned to one core. Beside each figure it prints the limits measured in the same run:
a bare Flask page, the list's own query in plain SQL, and one grouped pass over the
participants (the least any figure costs).

    .venv/bin/python bench/desk.py [--sizes 100,100000] [--repeat 15] [--postgres-url URL]
                                   [--json]

PostgreSQL runs on a throwaway server the benchmark starts itself (tests/support/postgres.py),
or, with --postgres-url, in a schema of its own on that server, dropped afterwards.
Budget: the list page under 50 KB and under 100 ms; the figures page well under a second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from portal.config import ROOT
from portal.database import db

sys.path.insert(0, str(ROOT))  # for tests.support.postgres

from county import PASSWORD, seed
from support import make_app, own_schema

LIST_BUDGET_BYTES = 50 * 1024
LIST_BUDGET_MS = 100.0
FIGURES_BUDGET_MS = 1000.0


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

    for name, path in (
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
        for name in ("list", "attention", "search", "phone"):
            print(
                f"  {name:<10} {found[f'{name}_ms']:>7.1f} ms  {found[f'{name}_bytes'] / 1024:>6.1f} KB"
                f" ({found[f'{name}_gzip_bytes'] / 1024:.1f} KB compressed)"
            )
        print(
            f"  {'figures':<10} {found['figures_ms']:>7.1f} ms  {found['figures_bytes'] / 1024:>6.1f} KB"
        )
        print(
            f"  limits: bare Flask page {found['bare_flask_ms']} ms, "
            f"the list's query in plain SQL {found['plain_sql_ms']} ms, "
            f"one grouped pass over the participants {found['one_pass_ms']} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
