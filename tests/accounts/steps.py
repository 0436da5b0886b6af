"""What staff do through the pages, step by step, for the account tests."""

from __future__ import annotations

import time

import pyotp

from tests.support.pages import Page, Portal

NEW_PASSWORD = "fyra ovanliga ord i rad"


def totp_code(secret: str, steps_from_now: int = 0) -> str:
    """The app's code `steps_from_now` 30-second steps from now: each is accepted once."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_from_now)


def secret_on(page: Page) -> str:
    element = page.soup.select_one(".secret")
    assert element is not None, page.text
    return element.get_text().replace(" ", "").strip()


def invite(portal: Portal, organisation_id: int, **fields: str) -> Page:
    """As an administrator: invite someone, with the link shown. Returns the link page."""
    form = portal.get(f"/staff/admin/organisations/{organisation_id}/invite")
    values = {"name": "Sara Lind", "email": "sara.lind@kommun.example", "role": "caseworker"}
    values.update(fields)
    return portal.submit(form, status=200, **values)


def link_on(page: Page) -> str:
    element = page.soup.select_one(".link-shown")
    assert element is not None, page.text
    return "/" + element.get_text().strip().split("/", 3)[3]


def accept(portal: Portal, link: str, password: str = NEW_PASSWORD) -> Page:
    """Open a set-up link and choose a password; returns where that leads."""
    opened = portal.get(link, status=303)
    assert opened.response.location == "/staff/welcome"
    form = portal.follow(opened)
    return portal.submit(form, password=password, confirm=password)


def set_up_app(portal: Portal, page: Page) -> tuple[str, list[str]]:
    """On the set-up page: scan (read the key), type a code. Returns (secret, recovery codes)."""
    secret = secret_on(page)
    shown = portal.submit(page, status=200, code=totp_code(secret, -1))
    codes = [item.get_text().strip() for item in shown.soup.select(".codes li")]
    assert len(codes) == 10, shown.text
    return secret, codes
