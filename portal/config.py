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
    # Connections are tried before use only after a while in the pool (database.watch_connections).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {}
    # Migrations run as the tables' owner when this names another role than DATABASE_URL's;
    # the app's own role then gets rows only, never the tables or their triggers (README).
    MIGRATION_DATABASE_URL = os.environ.get("MIGRATION_DATABASE_URL", "")

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
    # A session ends at the first of: its lifetime since sign-in, or this long without a
    # request (both checked on the server). A participant's phone stays signed in for weeks,
    # as people expect of an app; a staff member's desk does not.
    PARTICIPANT_SESSION_TTL = timedelta(days=int(os.environ.get("PARTICIPANT_SESSION_DAYS", "90")))
    PARTICIPANT_IDLE_TIMEOUT = timedelta(days=int(os.environ.get("PARTICIPANT_IDLE_DAYS", "30")))
    STAFF_SESSION_TTL = timedelta(hours=10)
    STAFF_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("STAFF_IDLE_MINUTES", "30")))
    # How stale the record of a session's last request may get before a request renews it:
    # most requests only read.
    SESSION_SEEN_INTERVAL = timedelta(minutes=1)

    # Staff: how long an invitation or reset link works, and the second factor after the
    # password (an authenticator app). Production requires it of every role.
    STAFF_LINK_TTL = timedelta(days=int(os.environ.get("STAFF_LINK_TTL_DAYS", "3")))
    STAFF_TWO_FACTOR_REQUIRED = False
    STAFF_PASSWORD_MIN_LENGTH = 12
    # Between a right password and the second factor.
    STAFF_PENDING_TTL = timedelta(minutes=10)
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Introduktionsportalen")
    # "package.module:Class" of a SITHS or BankID sign-in (see portal/auth/external.py).
    STAFF_EXTERNAL_SIGN_IN = os.environ.get("STAFF_EXTERNAL_SIGN_IN", "")

    # Personal data is deleted this many years after the introduction ends (the retention
    # command, run from cron); approvals are kept for their own legal time.
    RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))
    APPROVAL_RETENTION_YEARS = int(os.environ.get("APPROVAL_RETENTION_YEARS", "10"))

    # Who runs the service, for the privacy notice and the accessibility statement.
    SERVICE_OPERATOR = os.environ.get("SERVICE_OPERATOR", "")
    SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "")
    SERVICE_CONTACT_PHONE = os.environ.get("SERVICE_CONTACT_PHONE", "")
    DATA_PROTECTION_OFFICER_EMAIL = os.environ.get("DATA_PROTECTION_OFFICER_EMAIL", "")
    # When the accessibility statement was last reviewed (YYYY-MM-DD).
    ACCESSIBILITY_REVIEWED_ON = os.environ.get("ACCESSIBILITY_REVIEWED_ON", "2026-12-01")

    # Settings the app refuses to start without (create_app checks them).
    REQUIRED_SETTINGS: tuple[str, ...] = ("SECRET_KEY",)

    # How long the first person on a waiting list has to accept a freed seat before it is
    # offered to the next (never beyond the start of the occasion).
    BOOKING_OFFER_HOLD = timedelta(hours=int(os.environ.get("BOOKING_OFFER_HOLD_HOURS", "24")))
    # The day-before reminder goes from this time of day in Sweden (send-reminders).
    BOOKING_REMINDER_FROM = time(int(os.environ.get("BOOKING_REMINDER_HOUR", "10")))

    # Texts: which gateway (portal/sms/backends.py), how long one call may take, how often
    # the worker looks for what is due, and how long a text is worth sending (past it, it is
    # dropped: codes and links when they stop working, notices before their occasion).
    SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
    SMS_MAX_ATTEMPTS = 8
    SMS_SENDER_NAME = os.environ.get("SMS_SENDER_NAME", "Intro")
    SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "10"))
    SMS_WORKER_INTERVAL = float(os.environ.get("SMS_WORKER_INTERVAL", "2"))
    SMS_LIFETIME = timedelta(hours=int(os.environ.get("SMS_LIFETIME_HOURS", "48")))
    SMS_CODE_MARGIN = timedelta(minutes=1)
    # A text still `sending` this long after a worker claimed it was left by a worker that
    # stopped (kill -9, a lost machine): longer than a gateway call and the retries of its
    # record together.
    SMS_STALE_AFTER = timedelta(minutes=10)
    SMS_RECORD_TRIES = 10
    # After bad credentials or an empty account, the gateway is left alone this long.
    SMS_GATEWAY_PAUSE = timedelta(minutes=1)
    # The password the gateway's delivery reports carry (HTTP Basic in the address we give
    # it); derived from SECRET_KEY when not set.
    SMS_REPORT_SECRET = os.environ.get("SMS_REPORT_SECRET", "")
    # 46elks (SMS_BACKEND=elks): the API account and the sender name or number shown.
    ELKS_API_URL = os.environ.get("ELKS_API_URL", "https://api.46elks.com/a1")
    ELKS_API_USERNAME = os.environ.get("ELKS_API_USERNAME", "")
    ELKS_API_PASSWORD = os.environ.get("ELKS_API_PASSWORD", "")
    ELKS_SENDER = os.environ.get("ELKS_SENDER", SMS_SENDER_NAME)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Keys in a shared Redis start with this, so that several portals can share one server.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "portal")
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    STAFF_LOGIN_LIMIT = os.environ.get("STAFF_LOGIN_LIMIT", "10 per 15 minutes")
    SIGN_IN_LIMIT = os.environ.get("SIGN_IN_LIMIT", "10 per 15 minutes")
    CODE_LIMIT = os.environ.get("CODE_LIMIT", "20 per 15 minutes")
    # Wrong passwords for one email from any address: past this, each further try for that
    # email is answered only after STAFF_LOGIN_DELAY seconds. It slows guessing from many
    # addresses without refusing anyone, so that nobody can lock a colleague out. The limits
    # above that refuse are per address, and per email and address together.
    STAFF_LOGIN_EMAIL_LIMIT = os.environ.get("STAFF_LOGIN_EMAIL_LIMIT", "10 per hour")
    STAFF_LOGIN_DELAY = float(os.environ.get("STAFF_LOGIN_DELAY", "2"))

    # The SMS budget (portal/sms/budget.py), counted in RATELIMIT_STORAGE_URI: codes to one
    # number, codes asked for from one address, and all texts of one organisation.
    SMS_BUDGET_PER_NUMBER = os.environ.get("SMS_BUDGET_PER_NUMBER", "5 per hour; 10 per day")
    SMS_BUDGET_PER_ADDRESS = os.environ.get("SMS_BUDGET_PER_ADDRESS", "20 per hour; 50 per day")
    SMS_BUDGET_PER_ORGANISATION = os.environ.get(
        "SMS_BUDGET_PER_ORGANISATION", "300 per hour; 1000 per day"
    )

    # How many proxies (load balancers) in front of the app add X-Forwarded-For (see
    # portal/proxies.py). 0 trusts none: behind one, set 1, or every client has its address.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

    # The Strict-Transport-Security header; empty where the site may be served over HTTP.
    STRICT_TRANSPORT_SECURITY = ""
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "portal_session"
    # The cookie outlives any session; the server decides when one ends. So it is not signed
    # and sent again with every page to push its expiry on, only when what it holds changes.
    PERMANENT_SESSION_LIFETIME = PARTICIPANT_SESSION_TTL
    SESSION_REFRESH_EACH_REQUEST = False
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
    # Brotli's default window (4 MB) is set up for each response and costs more than the
    # compressing; our largest page is far under 256 KB (2**18), and compresses the same.
    COMPRESS_BR_WINDOW = 18
    # Static files are sent as streams.
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]


class Development(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    # Follows the port `make run PORT=...` serves on, unless set.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or (
        f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    )
    SERVICE_OPERATOR = os.environ.get("SERVICE_OPERATOR", "Västerås stad (demo)")
    SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "intro@vasteras.example")


class Test(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"  # noqa: S105  (tests only)
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    PUBLIC_BASE_URL = "http://portal.test"
    # The limiter stays on, so that its wiring is tested; the limits are lifted out of reach.
    STAFF_LOGIN_LIMIT = SIGN_IN_LIMIT = CODE_LIMIT = "10000 per minute"
    STAFF_LOGIN_EMAIL_LIMIT = "10000 per minute"
    SMS_BUDGET_PER_NUMBER = SMS_BUDGET_PER_ADDRESS = "10000 per minute"
    SMS_BUDGET_PER_ORGANISATION = "10000 per minute"
    SERVER_NAME = None
    SERVICE_OPERATOR = "Testkommun"
    SERVICE_CONTACT_EMAIL = "intro@testkommun.example"
    SERVICE_CONTACT_PHONE = "+46 21 39 00 00"
    DATA_PROTECTION_OFFICER_EMAIL = "dataskydd@testkommun.example"


class Production(Config):
    SESSION_COOKIE_SECURE = True
    # Two years, as hstspreload.org asks; every subdomain of the portal's own is HTTPS too.
    STRICT_TRANSPORT_SECURITY = os.environ.get(
        "STRICT_TRANSPORT_SECURITY", "max-age=63072000; includeSubDomains"
    )
    PREFERRED_URL_SCHEME = "https"
    STAFF_TWO_FACTOR_REQUIRED = True
    # Links in texts and the statements need these.
    REQUIRED_SETTINGS = (
        "SECRET_KEY",
        "PUBLIC_BASE_URL",
        "SERVICE_OPERATOR",
        "SERVICE_CONTACT_EMAIL",
    )


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
