"""The people a municipality registers, and where each one stands."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.participants import commands, routes

    app.register_blueprint(routes.bp)
    commands.init_app(app)
