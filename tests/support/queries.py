"""Counting the SQL statements a request sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from portal.database import db


@contextmanager
def statements(app: Flask) -> Iterator[list[tuple[str, Any]]]:
    """Every statement sent to the database inside the block, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        seen.append((sql, params))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def queries(seen: list[tuple[str, Any]]) -> list[str]:
    """The statements that ask or change something: not SQLite's BEGIN or its pragmas,
    which PostgreSQL does not send as statements."""
    return [
        sql
        for sql, _params in seen
        if not sql.lstrip().upper().startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE"))
    ]
