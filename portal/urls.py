"""Addresses: full links for text messages, and where a sign-in may send the reader next."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, url_for
from werkzeug.routing import IntegerConverter, Map


def public_url(endpoint: str, **values: Any) -> str:
    """A full URL for a text message: on PUBLIC_BASE_URL when set (also from the CLI),
    else on the host the request came to."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if not base:
        return url_for(endpoint, _external=True, **values)
    if has_request_context():
        return base + url_for(endpoint, **values)
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def safe_next(target: str | None, fallback: str) -> str:
    """Only a path on this site: never an address elsewhere.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    `/<tab>/evil.example` or `/\\evil.example` would leave the site: a target with any
    control, space or separator character, or a backslash, is refused whole, as is anything
    with a scheme or a host."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if any(char == "\\" or unicodedata.category(char)[0] in "CZ" for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


# The largest id a PostgreSQL `integer` column holds (SQLite's are wider): a larger number
# in an address names nothing, and asking the database for it would fail, not miss.
LARGEST_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: a non-negative number the database can look up, so that
    `/staff/participants/99999999999` is a 404 like any unknown id, never a 500."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    # Before any feature adds its routes: a rule takes its converter when it is added.
    app.url_map.converters["int"] = DatabaseIdConverter
