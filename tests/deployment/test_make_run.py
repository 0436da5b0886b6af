"""`make run` starts the web server and the SMS worker together, on the port it is given, and
the links in texts follow that port."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.deployment.servers import Browser, background, find, free_port, wait_for

pytestmark = pytest.mark.sqlite_only


def test_make_run_serves_pages_and_delivers_texts_on_the_port_given(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "run.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "SMS_WORKER_INTERVAL": "0.2",
    }
    env.pop("PUBLIC_BASE_URL", None)
    with background(["make", "run", f"PORT={port}"], env, log) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", process, log, seconds=180)
        # The demo's links point to the port make run serves on.
        link = find(r"\(sv\): (\S+)", log.read_text(errors="replace"))
        assert link.startswith(f"{base}/i/")
        daniel = Browser(base)
        daniel.follow(daniel.get(link, status=303))
        # The worker, not the request, sends the sign-in code: it appears in its log lines.
        deadline = time.monotonic() + 60
        while "inloggningskod" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.3)
        worker_lines = [line for line in log.read_text().splitlines() if "worker.1" in line]
        assert any("inloggningskod" in line for line in worker_lines)
        daniel.close()
