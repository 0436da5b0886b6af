"""Staff accounts, and the caseworker's desk."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.staff import routes

    app.register_blueprint(routes.bp)
