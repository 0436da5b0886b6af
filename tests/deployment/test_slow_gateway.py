"""A gateway that hangs stops no page: gunicorn with two sync workers and `flask sms-worker`
against a 46elks that takes 20 seconds to answer. While it hangs, /healthz and a booking
answer about as fast as before it hung (measured in the same test)."""

from __future__ import annotations

import re
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.deployment.servers import (
    Browser,
    demo_site,
    find,
    free_port,
    fresh_database,
    gunicorn,
    production_env,
    sms_worker,
)
from tests.sms.fake_elks import PASSWORD, USERNAME, running_elks

pytestmark = pytest.mark.sqlite_only  # about processes, on PostgreSQL as production runs

RANIA = "+46701740606"
HANG = 20.0


def timed(action: Callable[[], object]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def test_pages_answer_while_the_gateway_hangs(
    postgres_url: str, redis_url: str, key_prefix: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with fresh_database(postgres_url) as database, running_elks() as elks:
        env = production_env(database, redis_url, key_prefix, base)
        env.update(
            SMS_BACKEND="elks",
            ELKS_API_URL=elks.url,
            ELKS_API_USERNAME=USERNAME,
            ELKS_API_PASSWORD=PASSWORD,
            SMS_GATEWAY_TIMEOUT="30",  # longer than the hang: the worker waits it out
            SMS_WORKER_INTERVAL="0.2",
        )
        link = demo_site(env)
        with gunicorn(env, port, tmp_path, "web"), sms_worker(env, tmp_path / "worker.log"):
            rania = Browser(base)
            texts_before = len([r for r in elks.received if r.form["to"] == RANIA])
            code_page = rania.follow(rania.get(link, status=303))
            code = find(r"\b(\d{6})\b", elks.wait_for(RANIA, texts_before + 1).form["message"])
            rania.follow(rania.submit(code_page, code=code))
            confirm = rania.get("/plan/approve")
            code_page = rania.follow(rania.submit(confirm, confirm="y"))
            code = find(r"\b(\d{6})\b", elks.wait_for(RANIA, texts_before + 2).form["message"])
            rania.follow(rania.submit(code_page, code=code))

            offer = rania.get("/booking")
            forms = re.findall(r'action="(/booking/occasions/\d+/book)"', offer.text)
            assert len(forms) >= 3, offer.text[:2000]

            def health() -> None:
                assert httpx.get(f"{base}/healthz", timeout=60).status_code == 200

            def book(action: str) -> Callable[[], None]:
                return lambda: rania.submit(rania.get("/booking"), action=action)

            # Before: the gateway answers at once.
            baseline_health = [timed(health) for _ in range(10)]
            baseline_booking = timed(book(forms[0]))

            # A booking's confirmation is the next text; 46elks now takes 20 s over it.
            elks.delay = HANG
            elks.arrived.clear()
            hung_at = time.monotonic()
            book(forms[1])()
            assert elks.arrived.wait(30), "the worker never called the gateway"
            # Both gunicorn workers are asked at once, as a busy site would be.
            during: list[float] = []
            threads = [
                threading.Thread(target=lambda: during.append(timed(health))) for _ in range(4)
            ]
            for thread in threads:
                thread.start()
            during_booking = timed(book(forms[2]))
            for thread in threads:
                thread.join(60)
            during += [timed(health) for _ in range(6)]
            still_hanging = elks.in_flight > 0
            measured_for = time.monotonic() - hung_at
            rania.close()

        usual = statistics.median(baseline_health)
        print(  # the figures, for `pytest -s`
            f"healthz median {usual * 1000:.0f} ms before, {statistics.median(during) * 1000:.0f} ms"
            f" while the gateway hangs (max {max(during) * 1000:.0f} ms); a booking"
            f" {baseline_booking * 1000:.0f} ms before, {during_booking * 1000:.0f} ms while"
        )
        assert still_hanging and measured_for < HANG, "measured after the gateway had answered"
        assert statistics.median(during) < 5 * usual + statistics.pstdev(baseline_health)
        assert max(during) < HANG / 4
        assert during_booking < 5 * baseline_booking
