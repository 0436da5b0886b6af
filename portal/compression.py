"""Responses compressed with brotli or gzip (Flask-Compress): participants pay for every
byte of data. What goes over the wire is measured by bench/page_weight.py."""

from __future__ import annotations

from flask import Flask
from werkzeug.wrappers import Response

from portal.extensions import compress


def close_streamed_files(response: Response) -> Response:
    # Flask-Compress swaps a streamed body (a static file) for a compressing generator,
    # which does not close the file underneath: close it with the response.
    close = getattr(response.response, "close", None) if response.is_streamed else None
    if close is not None:
        response.call_on_close(close)
    return response


def init_app(app: Flask) -> None:
    compress.init_app(app)
    # Registered after Flask-Compress, so that it runs before it (after_request runs last
    # registered first).
    app.after_request(close_streamed_files)
