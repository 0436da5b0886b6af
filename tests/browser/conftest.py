"""Headless Chromium (Debian's package) driving the real app on a live local server."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from portal.config import ROOT
from tests.conftest import missing
from tests.support.world import ParticipantRef, World

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing(f"Chromium is not installed at {CHROMIUM} (apt install chromium)")
    if not (ROOT / "static/vendor/axe.min.js").exists():
        missing("axe-core is not in static/vendor (run make test, which copies it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def phone(browser: Browser, javascript: bool) -> Iterator[Page]:
    """A 360 px wide phone, with JavaScript and without."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        locale="sv-SE",
    )
    page = context.new_page()
    yield page
    context.close()


def check_accessibility(page: Page, name: str, javascript: bool = True, wide: bool = False) -> None:
    """axe-core against WCAG 2.1 A and AA, a screenshot for people, and no sideways scroll.

    axe runs as JavaScript in the page. For a page shown without JavaScript, axe checks that
    same page as it was served, its scripts taken out, in a browser tab that runs axe.
    """
    # A click that submits a form returns once the next page has begun to load: check that
    # page, not one still without its document (a scrollWidth of null failed under load).
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    limit = page.viewport_size["width"] if wide and page.viewport_size else PHONE["width"]
    assert width <= limit, f"{name}: the page scrolls sideways ({width}px wide)"
    if javascript:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        run_axe(page, name)
        return
    served = _replay_tab(page)
    address = page.url.split("#", 1)[0]
    without_scripts = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
    served.unroute("**/*")
    served.route(
        lambda url: url == address,
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=without_scripts
        ),
    )
    served.goto(address)
    run_axe(served, name)


_REPLAY = "_axe_replay_tab"


def _replay_tab(page: Page) -> Page:
    """One tab with JavaScript beside a browser context without, closed with it."""
    context = page.context
    tab: Page | None = getattr(context, _REPLAY, None)
    if tab is None:
        replay = context.browser.new_context(  # type: ignore[union-attr]
            viewport=page.viewport_size, locale=page.evaluate("navigator.language")
        )
        tab = replay.new_page()
        setattr(context, _REPLAY, tab)
        context.on("close", lambda _context: replay.close())
    return tab


def run_axe(page: Page, name: str) -> None:
    page.add_script_tag(url="/static/vendor/axe.min.js")
    results: dict[str, Any] = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]
    assert not violations, f"{name}: " + "\n".join(violations)


def sign_in_with_link(page: Page, live_server: str, world: World, who: ParticipantRef) -> None:
    """Open a new invitation link and enter the code from the outbox: signed in on the plan."""
    page.goto(live_server + world.invite(who))
    page.locator("#code").fill(world.last_code(who.phone))
    page.locator("main form").first.locator("button").click()
    expect(page).to_have_url(f"{live_server}/plan")
