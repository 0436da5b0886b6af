"""Friendly error pages in the reader's language. Nothing here ever shows a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.database import db

log = logging.getLogger("portal")

MESSAGES = {
    400: (_l("Something in the request was wrong"), _l("Go back and try again.")),
    403: (
        _l("You cannot open this page"),
        _l("It belongs to someone else, or needs you to sign in with another account."),
    ),
    404: (
        _l("Page not found"),
        _l("Check that the address is right. If you followed a link, it may be out of date."),
    ),
    405: (_l("Something in the request was wrong"), _l("Go back and try again.")),
    413: (_l("That was too much text"), _l("Go back, shorten the text and send it again.")),
    429: (
        _l("Too many tries"),
        _l("For your safety we have paused this for a while. Wait 15 minutes and try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("Nothing you did caused it. Try again in a few minutes."),
    ),
}


def render_error(status: int, title: object = None, message: object = None) -> tuple[str, int]:
    default_title, default_message = MESSAGES.get(status, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            title=title or default_title,
            message=message or default_message,
            status=status,
        ),
        status,
    )


def handle_http(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def handle_csrf(error: CSRFError) -> tuple[str, int]:
    return render_error(
        400,
        _l("This page had expired"),
        _l(
            "For your safety, forms stop working after a while. Go back, reload the page and try again."
        ),
    )


def handle_unexpected(error: InternalServerError) -> tuple[str, int]:
    # The failed transaction must not break the error page's own queries.
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
