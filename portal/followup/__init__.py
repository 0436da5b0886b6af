"""Follow-up for coordinators: the figures the county agreements ask for, split by women,
men and other, per municipality and for the county. Figures only, never a person's record."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.followup import routes
    from portal.followup.formatting import figure_value

    app.register_blueprint(routes.bp)
    app.jinja_env.filters["figure_value"] = figure_value
