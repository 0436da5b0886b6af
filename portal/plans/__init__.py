"""The individual plan: drafted by a caseworker, read and approved by the participant."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.plans import commands
    from portal.plans.routes import editor, participant, verification

    app.register_blueprint(participant.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(verification.bp)
    commands.init_app(app)
