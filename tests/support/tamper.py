"""What someone with the database's superuser (or the SQLite file) can do and the app's own
role cannot: change approvals past their triggers. Tests use it to clean up and to tamper."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, bindparam, text

GUARDED = ("approval", "approval_checkpoint")


@contextmanager
def bypassing_triggers(connection: Connection) -> Iterator[None]:
    """In the connection's transaction. PostgreSQL: triggers do not fire for a session in
    replica mode (a superuser's setting); SQLite: the triggers are dropped and put back."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        yield
        connection.execute(text("SET LOCAL session_replication_role = origin"))
        return
    triggers = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN :tables"
        ).bindparams(bindparam("tables", expanding=True)),
        {"tables": list(GUARDED)},
    ).all()
    for name, _sql in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    for _name, sql in triggers:
        connection.execute(text(sql))
