"""A figure's value as the reader writes numbers."""

from __future__ import annotations

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from portal.followup.values import Kind, Value


def figure_value(value: Value, kind: str) -> str:
    if value.hidden:
        return _("fewer than 5")
    if value.number is None:
        return "–"
    if kind == Kind.SHARE:
        return str(format_percent(value.number / 100, "#,##0.0 %"))
    if kind == Kind.DAYS:
        return str(format_decimal(value.number, "#,##0.0"))
    return str(format_decimal(value.number, "#,##0"))
