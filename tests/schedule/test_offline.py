"""What the service worker may keep, how sign-out clears it, and what goes over the wire.

The service worker itself runs in tests/browser/test_offline.py; these tests hold the server
side of the bargain."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import datetime

import brotli
import pytest
from flask import Flask

from portal.config import ROOT
from portal.schedule.offline import HEADER
from tests.schedule.conftest import sfi, with_plan
from tests.support.pages import Portal
from tests.support.world import World

KEPT = ("/", "/plan", "/week", "/week/2026-W40")
NOT_KEPT = ("/calendar", "/plan/versions", "/plan/versions/1", "/plan/change", "/language")


def test_only_the_plan_and_schedule_pages_may_be_kept(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    marks = []
    for _ in range(2):
        who = with_plan(world, sfi())
        portal = Portal(app)
        portal.sign_in_with_link(world, who)
        seen = set()
        for url in KEPT:
            page = portal.get(url)
            seen.add(page.response.headers[HEADER])
            notice = page.soup.select_one("[data-offline-notice]")
            assert notice is not None and notice.has_attr("hidden"), url
            assert "This is the page as it was on Sep 8, 2026 at" in notice.get_text(), url
            script = page.soup.select_one("script[data-worker]")
            assert script is not None and script["data-worker"] == "/sw.js"
        for url in NOT_KEPT:
            page = portal.get(url)
            assert HEADER not in page.response.headers, url
            assert page.soup.select_one("[data-offline-notice]") is None, url
            assert page.soup.select_one("script[data-worker]") is None, url
        assert len(seen) == 1  # one mark per participant...
        marks.append(seen.pop())
        assert str(who.id) not in marks[-1]
    assert marks[0] != marks[1]  # ...that tells one participant from another


def test_signing_out_clears_what_was_kept(app: Flask, world: World) -> None:
    portal = Portal(app)
    portal.sign_in_with_link(world, world.participant())
    home = portal.get("/plan")
    token = home.soup.find("input", attrs={"name": "csrf_token"})
    assert token is not None
    signed_out = portal.post("/sign-out", {"csrf_token": token["value"]})
    assert signed_out.response.headers["Clear-Site-Data"] == '"storage"'
    page = portal.follow(signed_out)
    script = page.soup.select_one("script[data-forget]")
    assert script is not None and "/static/js/offline.js" in str(script["src"])
    # Anonymous pages are never kept.
    assert HEADER not in portal.get("/").response.headers


def test_the_service_worker_is_served_from_the_root(app: Flask) -> None:
    with app.test_client().get("/sw.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        source = response.get_data(as_text=True)
    # The worker and the pages agree on the header and on the notice it reveals.
    assert f'var HEADER = "{HEADER}";' in source
    assert '"data-offline-notice hidden"' in source
    base = (ROOT / "templates/base.html").read_text()
    assert "data-offline-notice hidden>" in base


@pytest.mark.sqlite_only
def test_pages_and_static_files_are_sent_compressed(
    app: Flask, world: World, clock: Callable[[datetime], None]
) -> None:
    who = with_plan(world, sfi())
    portal = Portal(app)
    plain = portal.sign_in_with_link(world, who)
    assert "Content-Encoding" not in plain.response.headers

    week = portal.client.get("/week", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert week.headers["Content-Encoding"] == "br"
    html = brotli.decompress(week.get_data())
    assert b"<h1>My week</h1>" in html
    assert len(week.get_data()) < len(html) / 3
    assert "Accept-Encoding" in week.headers["Vary"]

    stylesheet = plain.soup.find("link", rel="stylesheet")
    assert stylesheet is not None
    with portal.client.get(str(stylesheet["href"]), headers={"Accept-Encoding": "gzip"}) as css:
        assert css.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(css.get_data()) == (ROOT / "static/css/portal.css").read_bytes()


@pytest.mark.sqlite_only
def test_static_files_are_the_same_for_everyone_and_say_so(app: Flask, world: World) -> None:
    """No cookie and no `Vary: Cookie` on a static file, signed in or not: shared caches
    may keep it (issue 13). Pages about a person keep both."""
    portal = Portal(app)
    plain = portal.sign_in_with_link(world, with_plan(world, sfi()))
    stylesheet = plain.soup.find("link", rel="stylesheet")
    assert stylesheet is not None
    with portal.client.get(str(stylesheet["href"])) as css:
        assert css.status_code == 200
        assert "Cookie" not in css.headers.get("Vary", "")
        assert "Set-Cookie" not in css.headers
    page = portal.client.get("/week")
    assert "Cookie" in page.headers["Vary"]
