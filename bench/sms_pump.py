"""SMS pumping: what an attacker gets sent in an hour, at the municipality's cost.

A benchmark, not a test (issue 9, "An SMS budget"). The attacker has N client addresses and
N registered phone numbers (the worst case: an unknown number is never texted at all) and,
for a simulated hour, asks for sign-in codes from each address as often as the request
limits allow (--every: one try per 90 seconds by default), rotating through the numbers. The hour is simulated (the clock the limits and the
codes read is moved forward), the requests are real ones through the app. It prints the
texts that would go out and what they cost, beside the same attack with the SMS budget
lifted (only the request limits left, as before the budget) and beside the most the
configured budget allows, all measured in the same run.

    .venv/bin/python bench/sms_pump.py [--addresses 20] [--numbers 20] [--every 3]
                                       [--price 0.35] [--json]

--price is what one text part costs, in SEK (an assumption: set your operator's price).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import upgrade
from limits import parse_many
from sqlalchemy import func, select

from portal.config import ROOT

sys.path.insert(0, str(ROOT))  # for tests.support

from support import Bench

from portal import create_app
from portal.auth import codes
from portal.database import db
from portal.extensions import limiter
from portal.models import SmsMessage
from portal.sms.models import SmsStatus

STEP_SECONDS = 30
LIFTED_BUDGET = {
    "SMS_BUDGET_PER_NUMBER": "1000000 per hour",
    "SMS_BUDGET_PER_ADDRESS": "1000000 per hour",
    "SMS_BUDGET_PER_ORGANISATION": "1000000 per hour",
}


class Clock:
    """The time the limits (time.time) and the codes (utcnow) read, moved by hand."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.real = time.time
        # Frozen but for the steps: the minutes the run itself takes must not count, or the
        # simulated hour is longer than one and the hourly budgets renew within it.
        self.start = self.real()

    def __call__(self) -> float:
        return self.start + self.offset

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self(), UTC)


def attack(app: Flask, clock: Clock, addresses: int, numbers: int, every: int) -> dict[str, int]:
    from tests.support.world import World

    world = World(app)
    staff = world.caseworker()
    phones = [
        world.participant(staff, phone=f"+46702{n:06d}", plan=False).phone for n in range(numbers)
    ]
    clients = []
    for index in range(addresses):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{index + 1}"
        clients.append(client)
    asked = answered = refused = 0
    # As fast as the request limits let each address ask (10 per 15 minutes by default: one
    # try every 90 seconds, staggered), each try for the next number in turn, so that no
    # number is asked twice within the half minute in which a second ask resends nothing.
    for step in range(3600 // STEP_SECONDS):
        clock.offset = step * STEP_SECONDS
        for index, client in enumerate(clients):
            if (step + index) % every:
                continue
            phone = phones[(index + step) % numbers]
            response = client.post("/sign-in", data={"phone": "0" + phone.removeprefix("+46")})
            asked += 1
            if response.status_code == 303 and "too-many" not in response.location:
                answered += 1
            else:
                refused += 1
    with app.app_context():
        sent = db.session.scalar(
            select(func.count())
            .select_from(SmsMessage)
            .where(SmsMessage.kind.like("code_%"), SmsMessage.status != SmsStatus.STOPPED)
        )
        stopped = db.session.scalar(
            select(func.count())
            .select_from(SmsMessage)
            .where(SmsMessage.status == SmsStatus.STOPPED)
        )
    return {
        "asked": asked,
        "answered": answered,
        "refused": refused,
        "texts_sent": sent or 0,
        "texts_stopped": stopped or 0,
    }


def most_allowed(app: Flask, addresses: int, numbers: int) -> int:
    """The most codes an hour the configured budget lets through, from its hourly limits."""

    def hourly(setting: str) -> float:
        # A limit over an hour or longer can be used up within the hour; a shorter one renews.
        per_hour = [
            limit.amount * max(1.0, 3600 / limit.get_expiry())
            for limit in parse_many(str(app.config[setting]))
        ]
        return min(per_hour, default=float("inf"))

    return int(
        min(
            numbers * hourly("SMS_BUDGET_PER_NUMBER"),
            addresses * hourly("SMS_BUDGET_PER_ADDRESS"),
            hourly("SMS_BUDGET_PER_ORGANISATION"),
        )
    )


def run(addresses: int, numbers: int, every: int, price: float) -> dict[str, Any]:
    logging.disable(logging.WARNING)
    clock = Clock()
    time.time = clock  # type: ignore[assignment]  (limits' memory storage reads it)
    codes.utcnow = clock.utcnow  # type: ignore[assignment]  (the resend interval reads it)
    results: dict[str, Any] = {}
    try:
        for name, overrides in (("with_budget", {}), ("without_budget", LIFTED_BUDGET)):
            clock.offset = 0.0
            with tempfile.TemporaryDirectory() as work:
                app = create_app(
                    Bench,
                    SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(work) / 'pump.sqlite3'}",
                    WTF_CSRF_ENABLED=False,
                    **overrides,
                )
                with app.app_context():
                    upgrade(directory=str(ROOT / "migrations"))
                    limiter.reset()
                figures = attack(app, clock, addresses, numbers, every)
                figures["cost_sek"] = round(figures["texts_sent"] * price, 2)
                if name == "with_budget":
                    figures["most_the_budget_allows"] = most_allowed(app, addresses, numbers)
                results[name] = figures
                with app.app_context():
                    db.engine.dispose()
    finally:
        time.time = clock.real  # type: ignore[assignment]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addresses", type=int, default=20)
    parser.add_argument("--numbers", type=int, default=20)
    parser.add_argument(
        "--every", type=int, default=3, help="each address asks every EVERY half minutes"
    )
    parser.add_argument("--price", type=float, default=0.35, help="SEK per text part")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.addresses, args.numbers, args.every, args.price)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"SMS pumping for one hour: {args.addresses} addresses, {args.numbers} registered numbers, "
        f"each address asking every {args.every * STEP_SECONDS} seconds"
    )
    for name, figures in result.items():
        print(
            f"  {name.replace('_', ' ')}: {figures['asked']} asked, {figures['texts_sent']} texts"
            f" sent ({figures['cost_sek']} SEK at {args.price} SEK each),"
            f" {figures['texts_stopped']} stopped, {figures['refused']} refused"
        )
    print(f"  most the budget allows in an hour: {result['with_budget']['most_the_budget_allows']}")


if __name__ == "__main__":
    main()
