"""Configuration classes, chosen by the PORTAL_CONFIG environment variable."""

from __future__ import annotations

import os
from datetime import time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}

    # Languages the portal ships, in the order the language picker shows them. Adding one is
    # a translation catalog under translations/ and one entry here (see README).
    LANGUAGES = ["sv", "en", "ar", "fa", "fa_AF", "ps", "ckb", "ku", "so", "ti", "uk"]
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    # Where links in SMS point. Behind a proxy the request host may be internal.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

    INVITATION_TTL = timedelta(days=int(os.environ.get("INVITATION_TTL_DAYS", "14")))
    CODE_TTL = timedelta(minutes=10)
    CODE_MAX_ATTEMPTS = 5
    CODE_RESEND_INTERVAL = timedelta(seconds=30)
    PARTICIPANT_SESSION_TTL = timedelta(days=30)
    STAFF_SESSION_TTL = timedelta(hours=10)

    # How long the first person on a waiting list has to accept a freed seat before it is
    # offered to the next (never beyond the start of the occasion).
    BOOKING_OFFER_HOLD = timedelta(hours=int(os.environ.get("BOOKING_OFFER_HOLD_HOURS", "24")))
    # The day-before reminder goes from this time of day in Sweden (send-reminders).
    BOOKING_REMINDER_FROM = time(int(os.environ.get("BOOKING_REMINDER_HOUR", "10")))

    SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
    SMS_MAX_ATTEMPTS = 8
    SMS_SENDER_NAME = os.environ.get("SMS_SENDER_NAME", "Intro")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    STAFF_LOGIN_LIMIT = "10 per 15 minutes"
    SIGN_IN_LIMIT = "10 per 15 minutes"
    CODE_LIMIT = "20 per 15 minutes"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "portal_session"
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    WTF_CSRF_TIME_LIMIT = None  # the session bounds it; a slow reader must not lose a form
    MAX_CONTENT_LENGTH = 256 * 1024
    # Static URLs carry a digest of the file (templating.static_url), so they may be cached.
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)

    # Responses are compressed (Flask-Compress): participants pay for every byte of data.
    # bench/page_weight.py measures what goes over the wire.
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "text/calendar",
        "image/svg+xml",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    # Static files are sent as streams.
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]


class Development(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")


class Test(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"  # noqa: S105  (tests only)
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    PUBLIC_BASE_URL = "http://portal.test"
    # The limiter stays on, so that its wiring is tested; the limits are lifted out of reach.
    STAFF_LOGIN_LIMIT = SIGN_IN_LIMIT = CODE_LIMIT = "10000 per minute"
    SERVER_NAME = None


class Production(Config):
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": Development,
    "test": Test,
    "production": Production,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("PORTAL_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"PORTAL_CONFIG must be one of {', '.join(CONFIGS)}") from None
