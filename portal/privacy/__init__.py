"""The person's rights: what we know about them, who among staff opened their record, and
deleting personal data when its time is up."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.privacy import access_log, commands, routes

    app.register_blueprint(routes.bp)
    access_log.init_app(app)
    commands.init_app(app)
