"""Every language the portal ships is complete, and every participant page speaks it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask

from portal.booking.vocabulary import OccasionType
from portal.config import ROOT, Config
from portal.i18n import language
from portal.translation_files import plural_forms
from tests.support.pages import Page, Portal
from tests.support.world import StaffRef, World

SOURCE = "en"  # msgids are English; English needs no catalog
TRANSLATED = [code for code in Config.LANGUAGES if code != SOURCE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@cache
def catalog(code: str) -> Catalog:
    path = ROOT / "translations" / code / "LC_MESSAGES" / "messages.po"
    with Path(path).open("rb") as handle:
        return read_po(handle, locale=code)


@cache
def source_messages() -> set[str | tuple[str, ...]]:
    """Every msgid the code and templates use, extracted as `make translations` does."""
    method_map = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {
        "_": None,
        "_l": None,
        "N_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "lazy_gettext": None,
    }
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_has_every_message_translated(code: str) -> None:
    messages = catalog(code)
    ids = {m.id for m in messages if m.id}
    missing = [m for m in source_messages() if m not in ids]
    assert not missing, f"{code}: not in the catalog (run make translations): {missing[:5]}"
    untranslated = [m.id for m in messages if m.id and not all(_strings(m.string))]
    assert not untranslated, f"{code}: untranslated: {untranslated[:5]}"
    fuzzy = [m.id for m in messages if m.id and m.fuzzy]
    assert not fuzzy, f"{code}: fuzzy: {fuzzy[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_match_the_source(code: str) -> None:
    wrong = []
    for message in catalog(code):
        if not message.id:
            continue
        if isinstance(message.id, str):
            if sorted(PLACEHOLDER.findall(message.id)) != sorted(
                PLACEHOLDER.findall(message.string)
            ):
                wrong.append((message.id, message.string))
            continue
        named = set(PLACEHOLDER.findall(message.id[0])) - {"%(num)d"}
        allowed = set(PLACEHOLDER.findall(" ".join(message.id)))
        for form in message.string:
            used = set(PLACEHOLDER.findall(form))
            if not named <= used or not used <= allowed:
                wrong.append((message.id, form))
    assert not wrong, f"{code}: placeholders differ from the source: {wrong[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_fit_the_language(code: str) -> None:
    messages = catalog(code)
    assert messages.plural_forms == plural_forms(code), "run make translations"
    expected = messages.num_plurals
    for message in messages:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == expected, f"{code}: {message.id}"


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


@cache
def english_only(code: str) -> list[str]:
    """Source sentences whose translation differs: seeing one on a page means a string
    was not translated."""
    return [
        message.id
        for message in catalog(code)
        if isinstance(message.id, str)
        and " " in message.id
        and "%(" not in message.id
        and len(message.id) > 12
        and message.string not in ("", message.id)
    ]


def participant_pages(portal: Portal, world: World, code: str) -> list[Page]:
    staff = world.caseworker()
    participant = world.participant(staff, language=code)
    world.participant(staff, language=code, phone="+46701112233")
    world.participant(staff, language=code, phone="+46701112233")
    portal.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = code.replace("_", "-")
    pages = [
        portal.get("/"),
        portal.get("/language"),
        portal.get("/sign-in"),
        portal.get("/i/AAAAAAAAAAAAAAAAAAAAAA", status=404),
        portal.get("/no-such-page", status=404),
        portal.get("/signed-out"),
    ]
    shared = portal.follow(portal.submit(portal.get("/sign-in"), phone="0701112233"))
    pages.append(shared)
    who = portal.follow(portal.submit(shared, code=world.last_code("+46701112233")))
    pages.append(who)
    signed_out = Portal(portal.app)
    signed_out.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = code.replace("_", "-")
    link = signed_out.follow(signed_out.get(world.invite(participant), status=303))
    pages.append(link)
    plan = signed_out.follow(signed_out.submit(link, code=world.last_code(participant.phone)))
    pages.append(plan)
    for url in ("/plan/versions", "/plan/versions/1", "/plan/approve", "/plan/change"):
        pages.append(signed_out.get(url))
    pages.append(signed_out.follow(signed_out.submit(signed_out.get("/plan/approve"), confirm="y")))
    pages.append(signed_out.submit(signed_out.get("/plan/change"), status=200, message=""))
    # A request answered by the caseworker: the conversation on the plan page (issue 11).
    signed_out.submit(signed_out.get("/plan/change"), message="Kan vi byta tid?")
    world.run(lambda: _answer(staff.id, participant.id))
    pages.append(signed_out.get("/plan"))
    # The participant's week: home, this week and another, the phone's calendar.
    for url in ("/", "/week", "/week/2026-W40", "/calendar"):
        pages.append(signed_out.get(url))
    calendar = signed_out.get("/calendar")
    pages.append(signed_out.follow(signed_out.submit(calendar, action="/calendar/address")))
    pages.extend(booking_pages(signed_out, world, staff))
    return pages


def _answer(staff_id: int, participant_id: int) -> None:
    from flask import current_app

    from portal.database import db
    from portal.models import Participant, Staff
    from portal.plans import change_requests

    participant = db.session.get_one(Participant, participant_id)
    change = change_requests.change_requests(participant)[0]
    staff = db.session.get_one(Staff, staff_id)
    with current_app.test_request_context():
        change_requests.answer(change, staff, "Ja, vi ses på tisdag.", "sv")


def booking_pages(portal: Portal, world: World, staff: StaffRef) -> list[Page]:
    """Browse, one occasion, book, wait, my bookings, cancel: as the signed-in participant."""
    provider = world.provider(staff.municipality_id)
    course = world.occasion(provider, capacity=3, meetings=2)
    full = world.occasion(provider, capacity=1, kind=OccasionType.SFI_PLACEMENT_TEST)
    world.book(world.participant(staff), full)
    pages = [portal.get("/booking"), portal.get("/booking", query_string={"from_date": "x"})]
    page = portal.get(f"/booking/occasions/{course}")
    pages.append(page)
    pages.append(portal.follow(portal.submit(page, action=f"/booking/occasions/{course}/book")))
    page = portal.get(f"/booking/occasions/{full}")
    pages.append(page)
    pages.append(portal.follow(portal.submit(page, action=f"/booking/occasions/{full}/wait")))
    pages.append(portal.get("/booking/mine"))
    for booking in world.bookings(course) + world.bookings(full)[1:]:
        pages.append(portal.get(f"/booking/mine/{booking.id}/cancel"))
    pages.append(portal.post("/booking/mine/999999/accept", {"csrf_token": "x"}, status=400))
    return pages


@pytest.mark.sqlite_only
@pytest.mark.parametrize("code", Config.LANGUAGES)
def test_every_participant_page_speaks_the_language(
    portal: Portal, world: World, app: Flask, code: str
) -> None:
    expected = language(code)
    leftovers = english_only(code) if code != SOURCE else []
    for page in participant_pages(portal, world, code):
        assert (page.lang, page.dir) == (expected.tag, expected.direction), page.url
        text = page.soup.get_text(" ")
        untranslated = [source for source in leftovers if source in text]
        assert not untranslated, f"{code} {page.url}: untranslated {untranslated}"
