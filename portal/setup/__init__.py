"""Setting up a county: Sweden's counties and municipalities, one loader for a county's
records, and the demo county."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.setup import commands, routes

    app.register_blueprint(routes.bp)
    commands.init_app(app)
