"""Alembic environment: migrations run against the app's own engine and metadata, or, where
MIGRATION_DATABASE_URL names the tables' owner, as that owner, who then grants the app's
role (DATABASE_URL's user) what it needs on the rows and nothing on the tables themselves:
it cannot alter a table, drop or disable a trigger, or truncate."""

from __future__ import annotations

from alembic import context
from flask import current_app
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

db = current_app.extensions["migrate"].db
target_metadata = db.metadata
OWNER_URL = current_app.config.get("MIGRATION_DATABASE_URL", "")
# Signatures and their checkpoints: rows are added, never changed (the triggers say so too).
WRITTEN_ONCE = ("approval", "approval_checkpoint")


def run_migrations_offline() -> None:
    context.configure(
        url=OWNER_URL or db.engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def grant_app_role(connection: Connection) -> None:
    app_role = db.engine.url.username
    if (
        connection.dialect.name != "postgresql"
        or not app_role
        or app_role == connection.engine.url.username
    ):
        return
    role = connection.dialect.identifier_preparer.quote(app_role)
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ):
        connection.execute(text(statement))
    if all(connection.scalar(text(f"SELECT to_regclass('{name}')")) for name in WRITTEN_ONCE):
        connection.execute(
            text(f"REVOKE UPDATE, TRUNCATE ON {', '.join(WRITTEN_ONCE)} FROM {role}")
        )
        connection.execute(text(f"REVOKE DELETE ON approval_checkpoint FROM {role}"))


def run_migrations_online() -> None:
    engine = create_engine(make_url(OWNER_URL)) if OWNER_URL else db.engine
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite can only change a table by copying it: batch mode does that.
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if OWNER_URL:
                grant_app_role(connection)
    if OWNER_URL:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
