"""The accessibility statement and the privacy notice: linked from every page, in every
shipped language, naming who runs the service as configured."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.config import Config
from tests.support.pages import Portal
from tests.support.world import World, translated

STATEMENTS = {"/accessibility": "Accessibility statement", "/privacy": "Privacy notice"}


def test_every_page_links_to_both_from_its_footer(app: Flask, world: World) -> None:
    staff = world.caseworker()
    participant = world.participant(staff)
    portal = Portal(app)
    pages = [portal.get("/"), portal.get("/sign-in"), portal.sign_in_with_link(world, participant)]
    as_staff = Portal(app)
    as_staff.sign_in_staff(staff.email, staff.password)
    pages.append(as_staff.get("/staff/"))
    for page in pages:
        links = {a["href"] for a in page.soup.select("footer a")}
        assert {"/accessibility", "/privacy"} <= links, page.url
    assert "/my-data" in {a["href"] for a in pages[2].soup.select("footer a")}


def test_the_accessibility_statement_has_what_digg_asks_for(portal: Portal) -> None:
    page = portal.get("/accessibility")
    text = page.text
    assert "Testkommun is responsible for the introduction portal" in text  # who, and what
    assert "partially compliant" in text  # how far it complies
    assert page.soup.select("h2 + ul li")  # what is not accessible, and why
    assert "disproportionate burden" in text  # content exempted (12 §)
    assert "outside the law's scope" in text  # content not covered (9 §)
    assert "We assessed it ourselves" in text  # the method
    assert "last assessed on Tuesday, December 1, 2026" in text  # when assessed
    assert "last updated on" in text
    assert "intro@testkommun.example" in text  # how to tell us
    assert page.soup.select_one("a[href='https://www.digg.se/tdosanmalan']")  # Digg


def test_the_privacy_notice_names_the_controller_and_the_retention_time(
    app: Flask, portal: Portal
) -> None:
    page = portal.get("/privacy")
    assert "Testkommun is responsible for your personal data" in page.text
    assert "dataskydd@testkommun.example" in page.text
    assert "deleted 5 years after your introduction ends" in page.text
    assert page.soup.select_one("a[href='/my-data']")
    assert page.soup.select_one("a[href='https://www.imy.se']")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("code", [c for c in Config.LANGUAGES if c != "en"])
def test_both_are_in_every_shipped_language(app: Flask, code: str) -> None:
    english = Portal(app)
    portal = Portal(app)
    portal.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = code.replace("_", "-")
    for path, title in STATEMENTS.items():
        page = portal.get(path)
        assert page.lang == code.replace("_", "-")
        assert page.h1 == translated(app, code, title) != title
        source = english.get(path).soup.select("main h2, main p, main li")
        shown = {" ".join(part.get_text(" ").split()) for part in page.soup.select("main *")}
        for part in source:
            sentence = " ".join(part.get_text(" ").split())
            if len(sentence) > 30:  # names and addresses are the same in every language
                assert sentence not in shown, (code, sentence)
