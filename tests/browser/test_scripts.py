"""The plan in Tigrinya (Ge'ez script) and Sorani Kurdish (Arabic script, right to left) on a
360 px phone: every character drawn by a real font, not as empty boxes."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, check_accessibility, sign_in_with_link
from tests.support.world import World, translated

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


def platform_fonts(page: Page, selector: str) -> list[dict[str, object]]:
    """The fonts Chromium really used to draw the text of `selector`, with glyph counts."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector})
    fonts: list[dict[str, object]] = cdp.send(
        "CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]}
    )["fonts"]
    return fonts


@pytest.mark.parametrize(
    ("code", "direction", "font"),
    [("ti", "ltr", "Ethiopic"), ("ckb", "rtl", "Arabic")],
)
def test_the_plan_renders_with_real_glyphs(
    app: Flask,
    world: World,
    live_server: str,
    browser: Browser,
    code: str,
    direction: str,
    font: str,
) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    participant = world.participant(language=code)
    sign_in_with_link(phone, live_server, world, participant)

    html = phone.locator("html")
    expect(html).to_have_attribute("dir", direction)
    heading = translated(app, code, "My introduction plan")
    expect(phone.locator("h1")).to_have_text(heading)
    assert phone.evaluate("getComputedStyle(document.querySelector('h1')).direction") == direction

    # Missing glyphs would be drawn as boxes by some other font. Here the script's own Noto
    # font draws the text (Arabic ligatures make fewer glyphs than letters), and nothing but
    # Noto fonts from fonts-noto-core is used.
    fonts = platform_fonts(phone, "h1")
    drawn = sum(int(str(f["glyphCount"])) for f in fonts if font in str(f["familyName"]))
    letters = sum(1 for char in heading if char.isalpha())
    assert drawn >= 0.8 * letters, f"{code}: heading drawn with {fonts}, expected Noto {font}"
    assert all(str(f["familyName"]).startswith("Noto") for f in fonts), fonts
    check_accessibility(phone, f"script-{code}-plan")
    context.close()
