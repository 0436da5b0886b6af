"""Issue 12: the plan, the week and an occasion read aloud with the phone's own voices, each
text in its own language, numbers digit by digit; where no voice exists, the button says so.

The phone's voices are stood in for by a fake Web Speech API that records what it is asked
to say (headless Chromium has no voices of its own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from portal.database import db
from portal.models import Staff
from tests.browser.conftest import PHONE, sign_in_with_link
from tests.support.world import World, translated

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

FAKE_VOICES = """
(voices => {
  window.__spoken = [];
  const synth = {
    speaking: false,
    getVoices: () => voices.map(lang => ({ lang, name: 'Voice ' + lang })),
    speak(utterance) { window.__spoken.push({ text: utterance.text, lang: utterance.lang,
                                              voice: utterance.voice && utterance.voice.lang }); },
    cancel() {},
    addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth });
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
})(%s)
"""


@pytest.fixture
def reader(browser: Browser) -> Iterator[Any]:
    opened = []

    def open_phone(voices: list[str]) -> Page:
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
        context.add_init_script(FAKE_VOICES % voices)
        opened.append(context)
        return context.new_page()

    yield open_phone
    for context in opened:
        context.close()


def setting(world: World) -> Any:
    staff = world.caseworker()

    def with_phone() -> None:
        db.session.get_one(Staff, staff.id).phone = "+46313900610"
        db.session.commit()

    world.run(with_phone)
    return world.participant(staff, language="ar")


def test_the_plan_is_read_in_arabic_with_numbers_digit_by_digit(
    app: Flask, world: World, live_server: str, reader: Any
) -> None:
    participant = setting(world)
    page = reader(["ar-SA", "sv-SE"])
    sign_in_with_link(page, live_server, world, participant)
    button = page.locator("[data-read-aloud] button")
    expect(button).to_be_visible()
    expect(button).to_have_text(translated(app, "ar", "Read aloud"))
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["lang"] == "ar" and spoken[0]["voice"] == "ar-SA"
    arabic = " ".join(part["text"] for part in spoken if part["lang"] == "ar")
    assert translated(app, "ar", "My introduction plan") in arabic
    assert "0 3 1 3 9 0 0 6 1 0" in arabic  # the caseworker's number, digit by digit
    swedish = [part["text"] for part in spoken if part["lang"] == "sv"]
    assert any("Arbeta som elektriker" in text for text in swedish)
    assert all(
        part["voice"] == part["lang"] + ("-SA" if part["lang"] == "ar" else "-SE")
        for part in spoken
    )


def test_text_without_a_voice_is_left_out_not_read_in_the_wrong_voice(
    app: Flask, world: World, live_server: str, reader: Any
) -> None:
    participant = setting(world)
    page = reader(["ar-EG"])
    sign_in_with_link(page, live_server, world, participant)
    page.goto(f"{live_server}/week/2026-W37")
    page.locator("[data-read-aloud] button").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and {part["lang"] for part in spoken} == {"ar"}


def test_without_a_voice_for_the_language_the_button_says_so(
    app: Flask, world: World, live_server: str, reader: Any
) -> None:
    participant = setting(world)
    page = reader(["en-GB"])
    sign_in_with_link(page, live_server, world, participant)
    button = page.locator("[data-read-aloud] button")
    expect(button).to_be_disabled()
    expected = translated(app, "ar", "This phone has no voice to read %(language)s aloud.")
    expect(button).to_have_text(expected.replace("%(language)s", "العربية"))
    assert page.evaluate("window.__spoken") == []


def test_without_javascript_there_is_no_button_to_press(
    app: Flask, world: World, live_server: str, browser: Browser
) -> None:
    participant = setting(world)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in_with_link(page, live_server, world, participant)
    expect(page.locator("[data-read-aloud]")).to_be_hidden()
    context.close()
