"""The pages of staff accounts: the set-up link, the second step of signing in, one's own
account, and administration."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.accounts.routes import account, administration, external, two_factor, welcome

    for module in (welcome, two_factor, external, account, administration):
        app.register_blueprint(module.bp)
