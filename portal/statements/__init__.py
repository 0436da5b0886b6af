"""The accessibility statement and the privacy notice, linked from every page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.statements import routes

    app.register_blueprint(routes.bp)
    app.context_processor(routes.footer_links)
