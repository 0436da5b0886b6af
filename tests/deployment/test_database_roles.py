"""Issue 9: in production the app runs as a PostgreSQL role that owns nothing (README,
"Production"): migrations run as the owner, and the app's own role cannot delete, truncate
or edit an approval, nor alter the table, drop or disable its triggers, nor switch them off
for its session. Only removal behind a checkpoint (retention) goes through."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from portal.config import ROOT
from portal.database import db
from portal.plans import approval_chain
from tests.conftest import make_app
from tests.deployment.servers import database_with_roles
from tests.support.world import World


@pytest.fixture
def two_roles(postgres_url: str) -> Iterator[tuple[str, str]]:
    with database_with_roles(postgres_url) as urls:
        yield urls


REFUSED = [
    ("DELETE FROM approval", "never deleted"),
    ("TRUNCATE approval CASCADE", "permission denied"),
    ("UPDATE approval SET language = 'sv'", "permission denied"),
    ("ALTER TABLE approval DISABLE TRIGGER ALL", "must be owner"),
    ("ALTER TABLE approval DISABLE TRIGGER approval_never_deleted", "must be owner"),
    ("DROP TRIGGER approval_never_deleted ON approval", "must be owner"),
    ("SET session_replication_role = replica", "permission denied"),
    ("DELETE FROM approval_checkpoint", "permission denied"),
]


@pytest.mark.sqlite_only  # PostgreSQL's roles, tested once
def test_the_apps_role_cannot_remove_or_change_an_approval(two_roles: tuple[str, str]) -> None:
    owner, app_role = two_roles
    app: Flask = make_app(app_role, MIGRATION_DATABASE_URL=owner)
    try:
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        world = World(app)
        world.approval(world.participant(), at=datetime(2010, 1, 4, tzinfo=UTC))
        plain = make_url(app_role).set(drivername="postgresql")
        with psycopg.connect(plain.render_as_string(hide_password=False)) as connection:
            assert connection.execute("SELECT current_user").fetchone() == (plain.username,)
            for statement, refusal in REFUSED:
                with pytest.raises(psycopg.Error, match=refusal):
                    connection.execute(statement)
                connection.rollback()
            assert connection.execute("SELECT count(*) FROM approval").fetchone() == (1,)

        # What retention does, as the app's role: behind a checkpoint, and the chain holds.
        def remove() -> int:
            removed = approval_chain.remove_before(datetime(2021, 1, 1, tzinfo=UTC))
            db.session.commit()
            return removed

        assert world.run(remove) == 1
        assert world.run(lambda: approval_chain.verify(10).intact)
    finally:
        with app.app_context():
            db.engine.dispose()
