"""Can an attacker tell a registered phone number from an unknown one by signing in with it?

A benchmark, not a test (issue 9, "Sign-in reveals nothing"). It registers 200 participants
in a schema of its own on a PostgreSQL server, serves the app over real HTTP (werkzeug, one
process of its own, one request at a time), and signs in by number 200 times with a
registered number and 200 times with an unknown one, in random order, each from a fresh
browser. It times the POST that asks for the code, compares the answers (status, location,
headers and the shape of the session cookie), and prints the medians and a two-sample test
(Mann-Whitney U, two-sided, normal approximation with ties; written out below, no scipy).
Budget: the answers identical and p >= 0.05 (no difference found).

    .venv/bin/python bench/enumeration.py --postgres-url URL [--redis-url URL] [--tries 200]
                      [--port 19080] [--json]

The request only writes the text to the outbox; no worker runs, so no gateway call is timed.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
import zlib
from typing import Any

import httpx
from flask import Flask
from flask_migrate import upgrade

from portal.config import ROOT

sys.path.insert(0, str(ROOT))  # for tests.support

from support import Bench, own_schema

from portal import create_app

# The bench measures what a sign-in reveals, not the limits: they are lifted out of reach.
LIFTED = {
    "SIGN_IN_LIMIT": "1000000 per minute",
    "CODE_LIMIT": "1000000 per minute",
    "SMS_BUDGET_PER_NUMBER": "1000000 per minute",
    "SMS_BUDGET_PER_ADDRESS": "1000000 per minute",
    "SMS_BUDGET_PER_ORGANISATION": "1000000 per minute",
}
CLOCK_HEADERS = {"date", "retry-after", "x-ratelimit-reset", "x-ratelimit-remaining"}
ALPHA = 0.05


def app_for(url: str, storage: str = "memory://") -> Flask:
    app = create_app(
        Bench,
        SQLALCHEMY_DATABASE_URI=url,
        RATELIMIT_STORAGE_URI=storage,
        RATELIMIT_KEY_PREFIX=f"bench-enumeration-{os.getpid()}",
        **LIFTED,
    )
    return app


def serve(url: str, port: int, storage: str) -> None:
    from werkzeug.serving import make_server

    make_server("127.0.0.1", port, app_for(url, storage)).serve_forever()


def seed(url: str, count: int) -> list[str]:
    from tests.support.world import World

    app = app_for(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    world = World(app)
    staff = world.caseworker()
    return [
        world.participant(staff, phone=f"+46702{number:06d}", plan=False).phone
        for number in range(count)
    ]


def national(number: str) -> str:
    return "0" + number.removeprefix("+46")


def sign_in(base: str, number: str) -> tuple[float, httpx.Response]:
    with httpx.Client(base_url=base) as browser:
        form = browser.get("/sign-in")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text)
        if token is None:
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, "no CSRF token on /sign-in"
        started = time.perf_counter()
        answer = browser.post("/sign-in", data={"csrf_token": token.group(1), "phone": number})
        return (time.perf_counter() - started) * 1000, answer


def shape(response: httpx.Response) -> tuple[object, ...]:
    """What an attacker sees of an answer, leaving out what differs by time or at random."""
    headers = sorted(
        (name, value.split(";", 1)[-1] if name == "set-cookie" else value)
        for name, value in response.headers.items()
        if name not in CLOCK_HEADERS
    )
    return (
        response.status_code,
        response.headers.get("location"),
        tuple(headers),
        readable(response.cookies.get("portal_session") or ""),
    )


def readable(cookie: str) -> object:
    """What anyone can read in the signed session cookie: its keys, and each value's length."""
    compressed = cookie.startswith(".")
    payload = cookie.lstrip(".").split(".", 1)[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    loaded = json.loads(zlib.decompress(data) if compressed else data)
    return tuple(sorted((key, len(str(value))) for key, value in loaded.items()))


def mann_whitney(a: list[float], b: list[float]) -> tuple[float, float, float]:
    """U of `a`, z and the two-sided p, with the tie correction."""
    both = sorted([(value, 0) for value in a] + [(value, 1) for value in b])
    ranks = [0.0] * len(both)
    ties = 0.0
    start = 0
    while start < len(both):
        end = start
        while end + 1 < len(both) and both[end + 1][0] == both[start][0]:
            end += 1
        for index in range(start, end + 1):
            ranks[index] = (start + end) / 2 + 1
        size = end - start + 1
        ties += size**3 - size
        start = end + 1
    n1, n2 = len(a), len(b)
    rank_sum = sum(rank for rank, (_, group) in zip(ranks, both, strict=True) if group == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = (u - n1 * n2 / 2) / sigma if sigma else 0.0
    p = math.erfc(abs(z) / math.sqrt(2))
    return u, z, p


def run(postgres_url: str, tries: int, port: int, storage: str) -> dict[str, Any]:
    with own_schema(postgres_url, "enumeration") as url:
        known = seed(url, tries)
        unknown = [f"+46703{number:06d}" for number in range(tries)]
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", url, "--port", str(port), "--redis-url", storage],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"{base}/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for warm in range(20):  # the first requests pay for imports and connections
                sign_in(base, national(f"+46704{warm:06d}"))
            trials = [("known", n) for n in known] + [("unknown", n) for n in unknown]
            random.shuffle(trials)
            times: dict[str, list[float]] = {"known": [], "unknown": []}
            shapes: dict[str, set[tuple[object, ...]]] = {"known": set(), "unknown": set()}
            for group, number in trials:
                elapsed, answer = sign_in(base, national(number))
                times[group].append(elapsed)
                shapes[group].add(shape(answer))
        finally:
            server.terminate()
            server.wait(timeout=10)
    u, z, p = mann_whitney(times["known"], times["unknown"])
    return {
        "tries_each": tries,
        "median_ms": {group: round(statistics.median(t), 3) for group, t in times.items()},
        "mean_ms": {group: round(statistics.fmean(t), 3) for group, t in times.items()},
        "mann_whitney": {"u": u, "z": round(z, 3), "p": round(p, 4)},
        "answers_identical": shapes["known"] == shapes["unknown"],
        "answers_only_registered": sorted(map(str, shapes["known"] - shapes["unknown"])),
        "answers_only_unknown": sorted(map(str, shapes["unknown"] - shapes["known"])),
        "no_difference_found": shapes["known"] == shapes["unknown"] and p >= ALPHA,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url")
    parser.add_argument("--tries", type=int, default=200)
    parser.add_argument("--port", type=int, default=19080)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("TEST_REDIS_URL", "memory://"),
        help="where limits and the SMS budget count, as in production (default: memory)",
    )
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.redis_url)
        return
    if not args.postgres_url:
        parser.error("--postgres-url is required (a PostgreSQL server to make a schema on)")
    result = run(
        args.postgres_url,
        args.tries,
        args.port,
        args.redis_url,
    )
    if args.json:
        print(json.dumps(result, indent=2))
        return
    median, mw = result["median_ms"], result["mann_whitney"]
    print(f"sign-in by number, {args.tries} registered and {args.tries} unknown numbers")
    print(
        f"  median POST /sign-in: registered {median['known']} ms, unknown {median['unknown']} ms"
    )
    print(f"  Mann-Whitney U = {mw['u']:.0f}, z = {mw['z']}, p = {mw['p']} (limit: p >= {ALPHA})")
    print(f"  answers (status, location, headers, cookie) identical: {result['answers_identical']}")
    print("  verdict:", "no difference found" if result["no_difference_found"] else "DIFFERENT")


if __name__ == "__main__":
    main()
