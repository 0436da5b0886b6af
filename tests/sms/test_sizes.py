"""Issue 12: every text message in every language, in as few parts as the language allows.

One table: each message, in each language, at its longest (every type of occasion, a year
of dates with and without the year, a 40-character address in the county's longest-named
municipality, and links as long as production's). The limits: the booking texts at most two
parts in every language and one in Swedish and English; sign-in texts one part in a language
GSM-7 carries and at most two in the others.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask_babel import force_locale

from portal.auth import messages as auth
from portal.booking import messages as booking
from portal.booking.vocabulary import OccasionType
from portal.config import Config
from portal.database import utcnow
from portal.plans import messages as plans
from portal.sms.encoding import fewest_parts, shape
from portal.urls import public_url

pytestmark = pytest.mark.sqlite_only

BASE = "https://intro.vasteras.se"  # as production's PUBLIC_BASE_URL
ADDRESS = "Folkets hus, Stora gatan 34, ingång B, 2"
TOWN = "Skinnskatteberg"  # the longest name of a Swedish municipality
GSM_LANGUAGES = ("sv", "en")


@pytest.fixture
def production(app_with: Callable[..., Flask]) -> Flask:
    return app_with(PUBLIC_BASE_URL=BASE)


def test_the_place_and_link_are_as_long_as_promised(production: Flask) -> None:
    assert len(ADDRESS) == 40
    with production.test_request_context():
        assert public_url("auth.invitation", token="x" * 22) == f"{BASE}/i/{'x' * 22}"
        assert public_url("short_links.my_bookings_short") == f"{BASE}/b"


def texts(app: Flask) -> dict[str, list[str]]:
    """Every variant each message can take, rendered as it would be queued."""
    with app.test_request_context():
        link = public_url("short_links.my_bookings_short")
        invitation = public_url("auth.invitation", token="x" * 22)
        plan_link = public_url("plans.show")
    now = utcnow()
    # Every month and weekday, this year and next, morning and afternoon.
    moments = [
        now + timedelta(days=days, hours=hours) for days in range(1, 400, 11) for hours in (0, 7)
    ]
    found: dict[str, list[str]] = {
        "invitation": [auth.invitation(link=invitation, municipality=TOWN)],
        "sign-in code": [auth.sign_in_code(code="123456")],
        "approval code": [auth.approval_code(code="123456")],
        # Issue 11: an answer about the plan, and a new version to approve.
        "plan answered": [plans.answered(link=plan_link)],
        "plan changed": [plans.plan_changed(link=plan_link)],
    }
    render: dict[str, Callable[[str, object], str]] = {
        "booking confirmed": lambda kind, at: booking.booked(kind, at, ADDRESS, TOWN, link),
        "seat offered": lambda kind, at: booking.seat_offered(
            kind, at, at - timedelta(hours=20), link
        ),
        "reminder": lambda kind, at: booking.reminder(kind, at, ADDRESS, TOWN),
        "booking cancelled": lambda kind, at: booking.cancelled(kind, at),
        # Issue 11: an occasion changed by its provider.
        "booking changed": lambda kind, at: booking.changed(kind, at, ADDRESS, TOWN),
        "booking meeting cancelled": lambda kind, at: booking.meeting_cancelled(kind, at),
        "booking occasion cancelled": lambda kind, at: booking.occasion_cancelled(kind, at),
        "booking moved to queue": lambda kind, at: booking.moved_to_waiting_list(kind, at),
    }
    for name, make in render.items():
        found[name] = [make(kind, at) for kind in OccasionType for at in moments]
    return {name: [fewest_parts(text) for text in variants] for name, variants in found.items()}


def limit(message: str, code: str, encoding: str) -> int:
    if message == "booking changed" and encoding == "UCS-2":
        # The new time, the whole address and the municipality, so nobody goes to the old
        # place: at the longest, three parts in Arabic, Pashto and Sorani.
        return 3
    if message.startswith("booking") or message in ("seat offered", "reminder"):
        return 1 if code in GSM_LANGUAGES else 2
    return 1 if encoding == "GSM-7" else 2


def test_every_text_in_every_language_fits_its_parts(production: Flask) -> None:
    rows = []
    over = []
    for code in Config.LANGUAGES:
        with production.test_request_context(), force_locale(code):
            for message, variants in texts(production).items():
                longest = max(variants, key=lambda text: (shape(text).parts, len(text)))
                size = shape(longest)
                allowed = limit(message, code, size.encoding)
                rows.append(
                    f"{code:6} {message:18} {size.encoding:6} {size.characters:4} "
                    f"{size.parts}/{allowed}  {longest}"
                )
                if size.parts > allowed:
                    over.append(rows[-1])
                if code in GSM_LANGUAGES or code == "so":
                    assert size.encoding == "GSM-7", rows[-1]
    table = "\n".join(rows)
    assert not over, "over the limit:\n" + "\n".join(over) + "\n\nevery text:\n" + table


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("SFI – svenska för invandrare", "SFI - svenska för invandrare"),
        ("9:00\u202fAM", "9:00 AM"),
        ("8:30\u2009–\u200912:00", "8:30 - 12:00"),
        ("“Så” …", '"Så" ...'),
    ],
)
def test_look_alikes_that_force_ucs2_are_made_plain(text: str, plain: str) -> None:
    assert shape(text).encoding == "UCS-2"
    assert fewest_parts(text) == plain and shape(plain).encoding == "GSM-7"


def test_a_queued_text_is_sent_in_gsm7_when_its_language_allows(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        text = booking.reminder("sfi", utcnow() + timedelta(days=1), ADDRESS, TOWN)
    assert "\u202f" in text  # CLDR's narrow space before AM/PM
    assert shape(fewest_parts(text)).encoding == "GSM-7"
