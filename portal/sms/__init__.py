"""Text messages: the outbox every part of the portal writes to, the gateways, delivery by a
worker off the request path, and the gateway's delivery reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.database import db
    from portal.errors import render_error
    from portal.sms import commands, routes, service
    from portal.sms.encoding import shape

    def refuse_too_long(error: service.SmsTooLong) -> tuple[str, int]:
        db.session.rollback()
        return render_error(400, service.TOO_LONG_TITLE, str(error))

    app.register_error_handler(service.SmsTooLong, refuse_too_long)
    app.register_blueprint(routes.bp)
    app.jinja_env.filters["sms_shape"] = shape
    app.jinja_env.globals["sms_status_labels"] = service.STATUS_LABELS
    commands.init_app(app)
