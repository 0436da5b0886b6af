"""Who someone is: invitation links, one-time codes, staff passwords and sign-in sessions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.auth import routes
    from portal.auth.sessions import load_principal
    from portal.extensions import login_manager

    login_manager.user_loader(load_principal)
    app.register_blueprint(routes.bp)
