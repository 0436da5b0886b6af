"""Database connections are tried before use only after a while in the pool (issue 13):
SQLAlchemy's pool_pre_ping tried every one, a round trip to the server before every page.
One the server closed while it waited is replaced, and the page never knows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, event, select, text

from portal import database
from portal.database import db
from portal.models import Municipality, Staff
from tests.conftest import make_app
from tests.support.pages import Portal
from tests.support.world import World


def test_a_connection_used_a_moment_ago_is_not_tried_again(
    app: Flask, portal: Portal, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        dialect = type(db.engine.dialect)
    tried: list[object] = []
    ping = dialect.do_ping
    monkeypatch.setattr(
        dialect,
        "do_ping",
        lambda self, connection: tried.append(connection) or ping(self, connection),
    )
    caseworker = world.caseworker()
    portal.sign_in_with_link(world, world.participant(caseworker))
    for _ in range(5):
        portal.get("/plan")
    assert tried == []

    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)  # as if each had waited
    portal.get("/plan")
    assert len(tried) >= 1


@pytest.fixture
def postgres_app(postgres_url: str) -> Iterator[Flask]:
    made = make_app(postgres_url)
    yield made
    with made.app_context():
        db.engine.dispose()


def _close_from_the_server(app: Flask, postgres_url: str) -> None:
    """End the pool's one connection the way a restart or a failover would."""
    with app.app_context(), db.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = create_engine(postgres_url)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_connection_the_server_closed_while_it_waited_is_replaced(
    postgres_app: Flask, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = postgres_app.test_client()
    assert client.get("/healthz").status_code == 200  # one connection, back in the pool
    _close_from_the_server(postgres_app, postgres_url)
    monkeypatch.setattr(database, "PING_AFTER_IDLE_SECONDS", 0.0)  # it waited long enough
    answer = client.get("/healthz")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["database"]["status"] == "ok"


def test_one_closed_a_moment_after_use_fails_one_request_and_the_next_has_a_new_one(
    postgres_app: Flask, postgres_url: str
) -> None:
    """The price of not trying every connection: closed within seconds of its last use, a
    connection fails the one request that takes it (here answered 503, not 500), and the
    pool starts afresh for the next."""
    client = postgres_app.test_client()
    assert client.get("/healthz").status_code == 200
    _close_from_the_server(postgres_app, postgres_url)
    assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_a_page_that_only_read_ends_with_commit_so_postgresql_keeps_its_plans(
    app: Flask, portal: Portal, world: World
) -> None:
    """psycopg forgets every statement it prepared on a connection when a transaction rolls
    back, and closing the session rolled back every request's: PostgreSQL planned each query
    of every page afresh (issue 13). A request that only read now commits."""
    caseworker = world.caseworker()
    portal.sign_in_with_link(world, world.participant(caseworker))
    with app.app_context():
        engine = db.engine
    ended: list[str] = []

    def committed(connection: object) -> None:
        ended.append("commit")

    def rolled_back(connection: object) -> None:
        ended.append("rollback")

    event.listen(engine, "commit", committed)
    event.listen(engine, "rollback", rolled_back)
    try:
        for _ in range(8):
            portal.get("/plan")
    finally:
        event.remove(engine, "commit", committed)
        event.remove(engine, "rollback", rolled_back)
    if engine.dialect.name == "postgresql":
        assert set(ended) == {"commit"}
        with app.app_context():
            kept = db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
        assert kept, "no statement stayed prepared on the connection"
    else:
        assert set(ended) == {"rollback"}  # SQLite has nothing to keep


def test_a_monitors_visit_to_the_health_check_keeps_the_prepared_statements_too(
    app: Flask, portal: Portal
) -> None:
    """/healthz is visited every few seconds; had it counted as a write, each visit would roll
    back and drop what the connection had prepared."""
    with app.app_context():
        engine = db.engine
    ended: list[str] = []

    def rolled_back(connection: object) -> None:
        ended.append("rollback")

    event.listen(engine, "rollback", rolled_back)
    try:
        for _ in range(3):
            assert portal.client.get("/healthz").status_code == 200
    finally:
        event.remove(engine, "rollback", rolled_back)
    assert ended == ([] if engine.dialect.name == "postgresql" else ["rollback"] * 3)


def test_ending_a_read_never_keeps_what_was_not_committed(app: Flask, world: World) -> None:
    caseworker = world.caseworker()
    with app.app_context():
        db.session.get_one(Staff, caseworker.id).name = "Changed, never saved"
        database.end_reading()
        county = db.session.get_one(Municipality, caseworker.municipality_id).county_id
        db.session.add(Municipality(county_id=county, code="9999", name="Never saved"))
        db.session.flush()
        database.end_reading()
        assert db.session.get_one(Staff, caseworker.id).name != "Changed, never saved"
        assert db.session.scalar(select(Municipality).where(Municipality.code == "9999")) is None
