"""The start page, the language picker and the health check."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.main.routes import health, start

    app.register_blueprint(start.bp)
    app.register_blueprint(health.bp)
