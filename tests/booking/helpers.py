"""Shared steps for the booking tests."""

from __future__ import annotations

from tests.support.pages import Page, Portal
from tests.support.world import ParticipantRef, StaffRef, World


def csrf(portal: Portal) -> str:
    """A valid CSRF token for this browser, from the sign-out form every page has."""
    page = portal.get("/booking/mine")
    token = page.soup.find("input", attrs={"name": "csrf_token"})
    assert token is not None
    return str(token["value"])


def post(portal: Portal, url: str, status: int = 303) -> Page:
    """Press a button that posts to `url`, as a stale or forwarded page would."""
    return portal.post(url, {"csrf_token": csrf(portal)}, status=status)


def flashed(page: Page) -> str:
    notes = page.soup.select(".notification")
    return " ".join(" ".join(note.get_text(" ").split()) for note in notes)


def signed_in(portal: Portal, world: World, participant: ParticipantRef) -> Portal:
    portal.sign_in_with_link(world, participant)
    return portal


def setting(world: World) -> tuple[StaffRef, StaffRef]:
    """A caseworker and a civic orientation provider in the same municipality."""
    caseworker = world.caseworker()
    return caseworker, world.provider(caseworker.municipality_id)
