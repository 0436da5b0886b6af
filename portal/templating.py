"""Template helpers: formatting for the reader's language, static URLs, htmx fragments."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, current_app, render_template, request, url_for
from jinja2_fragments.flask import render_block
from markupsafe import Markup

from portal import phone
from portal.dates import (
    clock,
    date_range,
    date_time,
    day_and_date,
    day_date,
    long_date,
    short_date,
    time_range,
    weekday_names,
)
from portal.places import Place


def render(template: str, block: str | None = None, **context: Any) -> str:
    """The whole page, or for an htmx request only `block` of it: one template, two uses."""
    htmx = getattr(request, "htmx", None)
    if block is not None and htmx and not htmx.boosted:
        return str(render_block(template, block, **context))
    return render_template(template, **context)


@cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """A URL that changes when the file does, so that browsers may cache it for a year."""
    static_folder = current_app.static_folder or ""
    version = _file_digest(str(Path(static_folder) / filename))
    return url_for("static", filename=filename, v=version)


@cache
def _icon_file(name: str) -> str:
    path = Path(current_app.static_folder or "") / "icons" / f"{name}.svg"
    return path.read_text(encoding="utf-8").strip()


def icon(name: str, css_class: str = "icon") -> Markup:
    """A pictogram from static/icons ("areas/work", "ui/globe"), inline so that it costs no
    request and takes the text's colour. Decorative: the words beside it say the same, so
    screen readers skip it."""
    svg = _icon_file(name)
    attributes = f'<svg class="{css_class}" aria-hidden="true" focusable="false" '
    return Markup(svg.replace("<svg ", attributes, 1))  # noqa: S704  (our own files)


def bdi(value: object) -> Markup:
    """Isolate a number, code, name or address so it cannot scramble right-to-left text."""
    return Markup("<bdi>{}</bdi>").format(value)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        static_url=static_url, icon=icon, Place=Place, phone_example=phone.EXAMPLE
    )
    app.jinja_env.filters.update(
        phone=phone.display,
        weekdays=weekday_names,
        short_date=short_date,
        date_time=date_time,
        long_date=long_date,
        day_and_date=day_and_date,
        date_range=date_range,
        day_date=day_date,
        clock=clock,
        time_range=time_range,
        bdi=bdi,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
