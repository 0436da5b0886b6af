"""Headers every response carries; HSTS only where the site is served over HTTPS."""

from __future__ import annotations

from flask import Flask

from portal import create_app
from portal.config import Production
from portal.database import db


def test_production_tells_browsers_to_use_https_only(app: Flask, database_url: str) -> None:
    production = create_app(
        Production,
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY="test-only-not-secret",
        PUBLIC_BASE_URL="https://portal.test",
        SERVICE_OPERATOR="Testkommun",
        SERVICE_CONTACT_EMAIL="intro@testkommun.example",
    )
    try:
        for path in ("/", "/staff/login", "/no-such-page"):
            response = production.test_client().get(path, base_url="https://portal.test")
            hsts = response.headers.get("Strict-Transport-Security", "")
            assert "max-age=63072000" in hsts, path
            assert "includeSubDomains" in hsts, path
    finally:
        with production.app_context():
            db.engine.dispose()


def test_a_site_on_plain_http_sends_no_hsts(app: Flask) -> None:
    response = app.test_client().get("/")
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"
