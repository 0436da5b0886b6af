"""The README's production section, run as written from an empty PostgreSQL database to a
signed-in caseworker: its commands are read out of the README, not copied here."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

import pytest

from portal.config import ROOT
from tests.accounts.steps import totp_code
from tests.deployment.servers import (
    Browser,
    database_with_roles,
    find,
    free_port,
    stop,
    text_of,
    wait_for,
)

# What the README's `export` lines name that differs from site to site: the test brings
# its own. Every other line runs exactly as the README shows it.
SITE_SETTINGS = {
    "DATABASE_URL",
    "MIGRATION_DATABASE_URL",
    "RATELIMIT_STORAGE_URI",
    "PUBLIC_BASE_URL",
    "SMS_BACKEND",
    "PORT",
}
SERVERS = (".venv/bin/gunicorn ",)
PASSWORD = "ett långt lösenord för test"


def production_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Production", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def commands(block: str) -> list[str]:
    joined = block.replace("\\\n", " ")
    return [
        line.strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")
    ]


def test_the_blocks_are_what_the_test_expects() -> None:
    setup, worker, cron = production_blocks()
    assert commands(setup)[0] == "make install"
    assert any(line.startswith(SERVERS) for line in commands(setup))
    assert "sms-worker" in worker
    assert {line.split()[-1] for line in commands(cron)} >= {
        "send-sms",
        "apply-retention",
        "verify-approvals",
    }


def _script(block: str, work: Path, exports_from: str = "") -> str:
    """A shell script of the block's commands; `exports_from` adds another block's exports."""
    lines = ["set -euo pipefail", f"cd {shlex.quote(str(ROOT))}"]
    exports = [c for c in commands(exports_from) if c.startswith("export ")]
    for command in exports + commands(block):
        name = re.match(r"export (\w+)=", command)
        if name and name.group(1) in SITE_SETTINGS:
            continue  # the test's own value is already in the environment
        if command.startswith(SERVERS):
            # Servers run on: in the background here, stopped by the test.
            command = f"{command} > {work}/server.log 2>&1 &"
        lines.append(command)
    return "\n".join(lines) + "\n"


def _environment(
    database: tuple[str, str], redis_url: str, prefix: str, port: int
) -> dict[str, str]:
    """`database`: the owner's URL (migrations) and the app's (everything else)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORTAL_", "FLASK_", "SECRET_", "SERVICE_", "RATELIMIT_"))
    }
    env.update(
        MIGRATION_DATABASE_URL=database[0],
        DATABASE_URL=database[1],
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=prefix,
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        SMS_BACKEND="console",
        PORT=str(port),
    )
    return env


def _join(browser: Browser, link: str) -> None:
    """Open a set-up link, choose a password, set up the authenticator app."""
    opened = browser.get(link, status=303)
    chosen = browser.submit(browser.follow(opened), password=PASSWORD, confirm=PASSWORD)
    assert chosen.headers["location"] == "/staff/login/two-factor/set-up"
    set_up = browser.follow(chosen)
    secret = find(r'class="secret"[^>]*><bdi>([A-Z2-7 ]+)</bdi>', set_up.text).replace(" ", "")
    codes = browser.submit(set_up, status=200, code=totp_code(secret, -1))
    assert "Your recovery codes" in text_of(codes)


@pytest.mark.sqlite_only
def test_from_an_empty_database_to_a_signed_in_caseworker(
    postgres_url: str, redis_url: str, key_prefix: str
) -> None:
    setup, _worker, cron = production_blocks()
    port = free_port()
    with database_with_roles(postgres_url) as database, tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = _environment(database, redis_url, key_prefix, port)
        script = work / "production.sh"
        script.write_text(_script(setup, work))
        shell = subprocess.Popen(
            ["bash", str(script)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            output = shell.communicate(timeout=300)[0].decode()
            assert shell.returncode == 0, output
            wait_for(f"http://127.0.0.1:{port}/healthz", None, work / "server.log")
            base = f"http://127.0.0.1:{port}"
            admin_link = find(r"one-time link: (\S+)", output)
            caseworker_link = find(r"One-time link for Karin Lindqvist: (\S+)", output)
            assert admin_link.startswith(base)

            admin = Browser(base)
            _join(admin, admin_link)
            county = admin.follow(admin.get("/staff/admin/", status=302))
            assert "Västmanlands län" in text_of(county) and "Köping kommun" in text_of(county)

            caseworker = Browser(base)
            _join(caseworker, caseworker_link)
            desk = caseworker.get("/staff/")
            assert "Register a participant" in text_of(desk)

            # The cron commands, in the same settings, each once.
            (work / "cron.sh").write_text(_script(cron, work, exports_from=setup))
            ran = subprocess.run(
                ["bash", str(work / "cron.sh")],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert ran.returncode == 0, ran.stdout + ran.stderr
            assert "Deleted rows: none" in ran.stdout
        finally:
            stop(shell)
