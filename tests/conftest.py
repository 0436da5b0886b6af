"""Every test that uses `app` runs once on SQLite and once on a real PostgreSQL server, each
time in a clean database built by the Alembic migrations."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.config import ROOT, Test
from portal.database import db
from portal.extensions import limiter
from portal.schedule import services as schedule
from portal.schedule.entries import SWEDEN
from tests.support import postgres
from tests.support.pages import Portal
from tests.support.tamper import bypassing_triggers
from tests.support.world import World

# In CI nothing may be skipped for want of a database or a browser.
CI = bool(os.environ.get("CI"))


def missing(reason: str) -> None:
    if CI:
        pytest.fail(f"{reason} (CI requires it)")
    pytest.skip(reason)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("sqlite_only")
        databases = ["sqlite"] if marker else ["sqlite", "postgresql"]
        metafunc.parametrize("database_url", databases, indirect=True, scope="session")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    if not postgres.available():
        missing("PostgreSQL is not installed and TEST_DATABASE_URL names no server")
    server = postgres.TemporaryPostgres()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'portal.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def make_app(database_url: str, **overrides: object) -> Flask:
    return create_app(Test, SQLALCHEMY_DATABASE_URI=database_url, **overrides)


def rebuild_schema(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))


def empty_tables(app: Flask) -> None:
    with app.app_context():
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as connection, bypassing_triggers(connection):
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{table.name}"' for table in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())


@pytest.fixture(scope="session")
def _session_app(database_url: str) -> Iterator[Flask]:
    app = make_app(database_url)
    rebuild_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    empty_tables(_session_app)
    limiter.reset()
    yield _session_app


@pytest.fixture
def world(app: Flask) -> World:
    return World(app)


@pytest.fixture
def portal(app: Flask) -> Portal:
    """A browser without JavaScript: every page it sees is checked (see support/pages.py)."""
    return Portal(app)


@pytest.fixture
def app_with(app: Flask, database_url: str) -> Iterator[Callable[..., Flask]]:
    """Another app on the same clean database, with some configuration changed."""
    made: list[Flask] = []

    def factory(**overrides: object) -> Flask:
        made.append(make_app(database_url, **overrides))
        return made[-1]

    yield factory
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Set what time it is in Sweden for the schedule (home page, this week, the feed)."""

    def set_to(moment: datetime) -> None:
        local = moment.replace(tzinfo=SWEDEN) if moment.tzinfo is None else moment
        monkeypatch.setattr(schedule, "now", lambda: local.astimezone(SWEDEN))

    set_to(datetime(2026, 9, 8, 10, 0))
    return set_to
