"""Addresses: full links for text messages, and where a sign-in may send the reader next."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for


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
    """Only a path on this site: never an address elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback
