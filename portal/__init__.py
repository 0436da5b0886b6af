"""The introduction portal: newcomers read, approve and follow their own plan.

`create_app` builds the app from the core (configuration, database, access, forms,
templates, errors, languages, security headers) and then lets each feature plug itself in
through its package's `init_app`: its pages, error handlers, template helpers and commands.
The core never imports a feature (see ARCHITECTURE.md and the contracts in pyproject.toml).
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask

from portal.config import ROOT, Config, config_from_env

# Each is a package under portal/ with an init_app(app).
FEATURES = (
    "main",
    "auth",
    "participants",
    "plans",
    "schedule",
    "booking",
    "staff",
    "followup",
    "sms",
    "setup",
    "accounts",
    "privacy",
    "statements",
)


def create_app(config: type[Config] | None = None, **overrides: object) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config or config_from_env())
    app.config.update(overrides)
    check_config(app)
    register_logging(app)
    register_extensions(app)
    register_core(app)
    register_features(app)
    return app


def check_config(app: Flask) -> None:
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("Set SECRET_KEY: it signs session cookies and keys one-time codes.")
    missing = [name for name in app.config["REQUIRED_SETTINGS"] if not app.config.get(name)]
    if missing:
        raise RuntimeError(f"Set {', '.join(missing)} (see the README's production section).")


def register_logging(app: Flask) -> None:
    from portal import logs

    logs.init_app()


def register_extensions(app: Flask) -> None:
    from portal import compression, database, i18n
    from portal.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            database.watch_connections(engine)
    # Registered after Flask-SQLAlchemy's, so run before it.
    app.teardown_appcontext(database.end_request_reading)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    # Access is decided per route by portal.access; flask-login only loads the user.
    login_manager.session_protection = None
    compression.init_app(app)
    import portal.models  # noqa: F401  (every table known before the first query)


def register_core(app: Flask) -> None:
    """What every page has, whatever features there are."""
    from portal import (
        access,
        errors,
        i18n,
        phrasebook,
        proxies,
        security,
        templating,
        translation_files,
        urls,
    )

    urls.init_app(app)
    proxies.init_app(app)
    app.before_request(access.enforce_access)
    security.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    phrasebook.init_app(app)
    templating.init_app(app)
    translation_files.init_app(app)


def register_features(app: Flask) -> None:
    for name in FEATURES:
        import_module(f"portal.{name}").init_app(app)
