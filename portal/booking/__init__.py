"""Booking occasions across the county: providers publish, participants book or wait."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.booking import commands
    from portal.booking.routes import caseworker, occasion_changes, participant, provider

    app.register_blueprint(participant.bp)
    app.register_blueprint(participant.short)
    app.register_blueprint(provider.bp)
    app.register_blueprint(occasion_changes.bp)
    app.register_blueprint(caseworker.bp)
    commands.init_app(app)
