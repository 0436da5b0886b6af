"""The introduction portal: newcomers read, approve and follow their own plan."""

from __future__ import annotations

from flask import Flask

from portal.config import ROOT, Config, config_from_env


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
    register_blueprints(app)
    register_errorhandlers(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def check_config(app: Flask) -> None:
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("Set SECRET_KEY: it signs session cookies and keys one-time codes.")


def register_logging(app: Flask) -> None:
    from portal import logs

    logs.init_app()


def register_extensions(app: Flask) -> None:
    from portal import compression, i18n
    from portal.auth.sessions import load_principal
    from portal.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
    from portal.schedule import sources as schedule_sources

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_principal)
    # Access is decided per route by portal.access; flask-login only loads the user.
    login_manager.session_protection = None
    compression.init_app(app)
    schedule_sources.init_app(app)
    import portal.models  # noqa: F401  (every table known before the first query)


def register_blueprints(app: Flask) -> None:
    from portal.auth.routes import bp as auth
    from portal.booking.caseworker_routes import bp as participant_booking
    from portal.booking.provider_routes import bp as provider
    from portal.booking.routes import bp as booking
    from portal.health import bp as health
    from portal.main.routes import bp as main
    from portal.participants.routes import bp as participants
    from portal.plans.editor_routes import bp as plan_editor
    from portal.plans.routes import bp as plans
    from portal.schedule.routes import bp as schedule
    from portal.staff.routes import bp as staff

    for blueprint in (
        main,
        health,
        auth,
        plans,
        schedule,
        staff,
        participants,
        plan_editor,
        booking,
        provider,
        participant_booking,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from portal import errors

    errors.init_app(app)


def register_request_hooks(app: Flask) -> None:
    from portal import access, security
    from portal.sms import service as sms

    app.before_request(access.enforce_access)
    security.init_app(app)
    sms.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from portal import i18n, templating

    i18n.init_app(app)
    templating.init_app(app)


def register_commands(app: Flask) -> None:
    from portal import demo, translation_files
    from portal.booking import commands as booking_commands
    from portal.sms import commands as sms_commands
    from portal.staff import commands as staff_commands

    translation_files.init_app(app)
    demo.init_app(app)
    sms_commands.init_app(app)
    booking_commands.init_app(app)
    staff_commands.init_app(app)
