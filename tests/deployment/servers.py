"""Real servers for the deployment tests: a database of their own on the test PostgreSQL
server, gunicorn instances, an unprivileged nginx in front of them, and a browser-like
HTTP client. Everything listens on free loopback ports and is stopped by the test."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
from bs4 import BeautifulSoup
from sqlalchemy.engine import make_url

from portal.config import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database with a unique name, dropped afterwards."""
    url = make_url(server_url)
    name = f"portal_{secrets.token_hex(6)}"
    admin = url.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database_with_roles(server_url: str) -> Iterator[tuple[str, str]]:
    """A new database owned by a new role, and a second role for the app, as the README's
    production section has them: (the owner's URL, the app's URL). Dropped afterwards."""
    server = make_url(server_url)
    suffix = secrets.token_hex(4)
    owner, app_role, name = f"portal_owner_{suffix}", f"portal_app_{suffix}", f"portal_{suffix}"
    admin = server.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE ROLE "{owner}" LOGIN')
        connection.execute(f'CREATE ROLE "{app_role}" LOGIN')
        connection.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    try:
        yield tuple(  # type: ignore[misc]
            server.set(username=role, password=None, database=name).render_as_string(
                hide_password=False
            )
            for role in (owner, app_role)
        )
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{app_role}"')
            connection.execute(f'DROP ROLE IF EXISTS "{owner}"')


def wait_for(
    url: str, process: subprocess.Popen[bytes] | None, log: Path, seconds: float = 60
) -> None:
    """Until `url` answers 200; fails early if `process` (the server itself) has exited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{url} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Every process of the group the process leads (started with start_new_session): its
    children too (gunicorn's workers, nginx's, a server a script left running)."""
    group = process.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
    process.wait()


@contextmanager
def gunicorn(env: dict[str, str], port: int, workdir: Path, name: str) -> Iterator[Path]:
    """One gunicorn instance of the portal; yields its access log."""
    access = workdir / f"{name}-access.log"
    errors = workdir / f"{name}-error.log"
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access),
            "--error-logfile",
            str(errors),
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process, errors)
        yield access
    finally:
        stop(process)


def production_env(database: str, redis_url: str, key_prefix: str, base: str) -> dict[str, str]:
    """The environment of a production site on `database`, served at `base`."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))},
        "PORTAL_CONFIG": "production",
        "SECRET_KEY": "deployment-test-secret-key-0123456789",
        "DATABASE_URL": database,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "PUBLIC_BASE_URL": base,
        "SERVICE_OPERATOR": "Västerås stad",
        "SERVICE_CONTACT_EMAIL": "introduktion@vasteras.example",
        "SMS_BACKEND": "console",
    }


def demo_site(env: dict[str, str]) -> str:
    """Migrate and load the demo; returns Rania's invitation link (she reads Arabic)."""
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    for args in (["db", "upgrade"], ["demo"]):
        done = subprocess.run(
            flask + args, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return find(r"\(ar\): (\S+)", done.stdout)


@contextmanager
def background(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` in the checkout, its output in `log`, stopped with all its children after."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


@contextmanager
def sms_worker(env: dict[str, str], log: Path) -> Iterator[None]:
    """`flask sms-worker`, as production runs it beside the web processes."""
    with background([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "sms-worker"], env, log):
        yield


NGINX_CONF = """
worker_processes 1;
daemon off;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 128; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    # Round robin: one request to each instance in turn.
    upstream portal {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@contextmanager
def nginx(port: int, upstream_ports: list[int]) -> Iterator[Path]:
    """Debian's nginx with a configuration, pid and logs of its own in a temporary folder.
    As root (CI), its workers run as nobody; otherwise as whoever runs the test."""
    folder = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    folder.chmod(0o755)
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir()
        (folder / temp).chmod(0o777)
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, dir=folder, servers=servers, port=port))
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process, folder / "error.log")
        yield folder
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


class Browser:
    """A browser without JavaScript over real HTTP. It keeps cookies itself, Secure ones
    included: the tests speak plain HTTP on loopback to a portal configured for HTTPS."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        path = path.removeprefix(self.base)
        headers = {"Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(method, path, headers=headers, **kwargs)
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "expires=Thu, 01 Jan 1970" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response

    def get(self, path: str, status: int = 200) -> httpx.Response:
        response = self.request("GET", path)
        assert response.status_code == status, (path, response.status_code, response.text[:1500])
        return response

    def follow(self, response: httpx.Response, status: int = 200) -> httpx.Response:
        assert response.status_code in (302, 303), (response.status_code, response.text[:1500])
        return self.get(response.headers["location"], status)

    def submit(
        self, page: httpx.Response, action: str | None = None, status: int = 303, **fields: str
    ) -> httpx.Response:
        """Send a form of `page` (the first in <main>, or the one posting to `action`)."""
        soup = BeautifulSoup(page.text, "html.parser")
        forms = soup.select("form") if action else soup.select("main form")
        form = next(f for f in forms if action is None or str(f.get("action", "")).endswith(action))
        data = {
            str(i["name"]): str(i.get("value", ""))
            for i in form.select("input[name]")
            if i.get("type") not in ("checkbox", "radio") or i.has_attr("checked")
        }
        data.update(fields)
        target = str(form.get("action") or page.request.url.path)
        response = self.request("POST", target, data=data)
        assert response.status_code == status, (target, response.status_code, response.text[:1500])
        return response


def text_of(response: httpx.Response) -> str:
    main = BeautifulSoup(response.text, "html.parser").find("main")
    return " ".join((main or BeautifulSoup(response.text, "html.parser")).get_text(" ").split())


def find(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in:\n{text}"
    return found.group(1)
