"""`next` after a sign-in or a change of language leads only to a path on this site."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from portal.urls import safe_next
from tests.support.pages import Portal
from tests.support.world import World

# As they would arrive in the query string, already percent-encoded where a browser would.
NASTY = [
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "/%0d%0a",
    "/%00/evil.example",
    "/%20/evil.example",
    "/%E2%80%A8/evil.example",
    "/%C2%85/evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%5C/evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "https:/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "%09//evil.example",
    "%20/evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("raw", NASTY)
def test_staff_sign_in_never_sends_elsewhere(portal: Portal, world: World, raw: str) -> None:
    staff = world.caseworker()
    login = portal.get(f"/staff/login?next={raw}")
    done = portal.submit(login, email=staff.email, password=staff.password)
    assert done.response.location == "/staff/"


@pytest.mark.parametrize("raw", NASTY)
def test_the_language_page_never_sends_elsewhere(portal: Portal, raw: str) -> None:
    page = portal.get(f"/language?next={raw}")
    assert page.soup.find("a", string="Go back")["href"] == "/"  # type: ignore[index]
    done = portal.submit(page, language="sv")
    assert done.response.location == "/"


def test_a_path_on_the_site_is_kept(portal: Portal, world: World) -> None:
    target = "/staff/participants/?q=" + quote("Ali Ahmadi")
    page = portal.get("/language?next=" + quote(target, safe=""))
    done = portal.submit(page, language="sv")
    assert done.response.location == target


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/\r\n/evil.example",
        "/\u2028/evil.example",
        "/\u200b/evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "//evil.example",
        "/\x00",
        "http://portal.test/",
    ],
)
def test_safe_next_refuses_what_a_browser_would_read_as_another_host(target: str) -> None:
    assert safe_next(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", ["/", "/staff/participants/12", "/plan?x=1#top", "/ämne"])
def test_safe_next_keeps_paths(target: str) -> None:
    assert safe_next(target, "/fallback") == target
