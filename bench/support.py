"""What the benchmarks share: an app on a throwaway database, and a schema of our own on
someone else's PostgreSQL server, dropped afterwards."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import Config


class Bench(Config):
    SECRET_KEY = "benchmark-only-not-secret"  # noqa: S105  (a throwaway database)
    PUBLIC_BASE_URL = "http://portal.invalid"
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": False}


def make_app(url: str) -> Flask:
    return create_app(Bench, SQLALCHEMY_DATABASE_URI=url)


@contextmanager
def own_schema(url: str, prefix: str) -> Iterator[str]:
    """A URL whose connections work in a new schema of their own on the server `url` names."""
    schema = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
