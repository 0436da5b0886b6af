"""A figure's value as the reader writes numbers."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.followup.values import Kind, Value


def figure_value(value: Value, kind: str) -> str:
    if value.hidden:
        return _("fewer than 5")
    if value.number is None:
        return "–"
    return _formatted(str(get_locale()), str(kind), value.number)


@lru_cache(maxsize=4096)
def _formatted(locale: str, kind: str, number: float) -> str:
    """A page of figures writes a few thousand numbers, mostly the same few: each is
    formatted once."""
    if kind == Kind.SHARE:
        return str(format_percent(number / 100, "#,##0.0 %", locale=locale))
    if kind == Kind.DAYS:
        return str(format_decimal(number, "#,##0.0", locale=locale))
    return str(format_decimal(number, "#,##0", locale=locale))
