"""The participant's week: one schedule built from every source of entries (the plan's
recurring activities and booked occasions), shown on the home and week pages, carried to the
phone's calendar as iCalendar, and kept readable offline by a service worker."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.schedule import routes, sources

    sources.init_app(app)
    app.register_blueprint(routes.bp)
