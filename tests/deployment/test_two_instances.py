"""Two gunicorn instances behind a real nginx, on PostgreSQL and Redis: a participant signs
in, approves their plan and books, with requests landing on both instances, and the sign-in
limit counts across both."""

from __future__ import annotations

import re
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.deployment.servers import (
    Browser,
    demo_site,
    find,
    free_port,
    fresh_database,
    gunicorn,
    nginx,
    production_env,
    sms_worker,
    text_of,
)

pytestmark = [pytest.mark.sqlite_only, pytest.mark.usefixtures("nginx_installed")]


def _last_code(database: str, phone: str) -> str:
    """The code in the newest text to `phone` once the worker has sent it, as the phone
    would show it (the console gateway keeps the text in the outbox)."""
    conninfo = make_url(database).set(drivername="postgresql").render_as_string(False)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with psycopg.connect(conninfo) as connection:
            row = connection.execute(
                """SELECT body, status FROM sms_message WHERE "to" = %s """
                "AND kind LIKE 'code_%%' ORDER BY id DESC LIMIT 1",
                (phone,),
            ).fetchone()
        if row and row[1] == "sent":
            return find(r"\b(\d{6})\b", row[0])
        time.sleep(0.2)
    raise AssertionError(f"no code was sent to {phone}")


def _count(database: str, sql: str) -> int:
    conninfo = make_url(database).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo) as connection:
        row = connection.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _served(log: Path) -> list[str]:
    with open(log, encoding="utf-8") as lines:
        return [line.split('"')[1] for line in lines if '"' in line]


def test_a_participant_journey_across_two_instances_behind_nginx(
    postgres_url: str, redis_url: str, key_prefix: str, tmp_path: Path
) -> None:
    proxy_port, first_port, second_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{proxy_port}"
    with fresh_database(postgres_url) as database:
        env = production_env(database, redis_url, key_prefix, base)
        env["SIGN_IN_LIMIT"] = "3 per minute"
        link = demo_site(env)
        with (
            gunicorn(env, first_port, tmp_path, "first") as first_log,
            gunicorn(env, second_port, tmp_path, "second") as second_log,
            nginx(proxy_port, [first_port, second_port]),
            sms_worker(env, tmp_path / "worker.log"),
        ):
            rania = Browser(base)
            opened = rania.get(link, status=303)
            code_page = rania.follow(opened)
            plan = rania.follow(rania.submit(code_page, code=_last_code(database, "+46701740606")))
            assert plan.request.url.path == "/plan"

            confirm = rania.get("/plan/approve")
            code_page = rania.follow(rania.submit(confirm, confirm="y"))
            approved = rania.submit(code_page, code=_last_code(database, "+46701740606"))
            rania.follow(approved)
            assert _count(database, "SELECT count(*) FROM approval") == 1

            offer = rania.get("/booking")
            booking_forms = re.findall(r'action="(/booking/occasions/\d+/book)"', offer.text)
            assert booking_forms, text_of(offer)
            before = _count(database, "SELECT count(*) FROM booking WHERE status = 'confirmed'")
            rania.submit(offer, action=booking_forms[0])
            after = _count(database, "SELECT count(*) FROM booking WHERE status = 'confirmed'")
            assert after == before + 1
            rania.close()

            # The limit on signing in by number counts across both instances: three tries
            # alternate between them, and the fourth is refused wherever it lands.
            stranger = Browser(base)
            form = stranger.get("/sign-in")
            for _ in range(3):
                stranger.submit(form, phone="070-999 99 99")
            stranger.submit(form, status=429, phone="070-999 99 99")
            stranger.close()

        first, second = _served(first_log), _served(second_log)
        journey = ("/plan", "/booking", "/sign-in/code")
        for served in (first, second):
            assert sum(any(part in line for part in journey) for line in served) >= 3, served
        assert any("/sign-in" in line for line in first)
        assert any("/sign-in" in line for line in second)
