"""The shared form fields refuse what would break a line or hide text where it is shown."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from portal.forms import Form, LongText, Text, clean_slot, has_control_characters
from portal.phrasebook import SlotKind

ENGLISH = {"Accept-Language": "en"}

LINE_BREAKERS = [
    "\u2028",  # LINE SEPARATOR (Zl)
    "\u2029",  # PARAGRAPH SEPARATOR (Zp)
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",  # NEXT LINE, a C1 control
    "\x9b",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
]

# The messages are checked in English; the portal's own default is Swedish.
ENGLISH = {"Accept-Language": "en"}


class OneOfEach(Form):
    title = Text("Title")
    note = LongText("Note")


@pytest.mark.parametrize("char", LINE_BREAKERS)
def test_a_single_line_refuses_separators_and_controls(app: Flask, char: str) -> None:
    with app.test_request_context(method="POST", headers=ENGLISH):
        form = OneOfEach(MultiDict({"title": f"Svenska{char}DTSTART:19700101", "note": "ok"}))
        assert not form.validate()
        assert form.title.errors == ["Remove the invisible control characters from Title."]
        assert not form.note.errors


def test_several_lines_keep_their_breaks_as_line_feeds(app: Flask) -> None:
    with app.test_request_context(method="POST", headers=ENGLISH):
        form = OneOfEach(
            MultiDict({"title": "Svenska", "note": "ett\u2028två\u2029tre\r\nfyra"}),
            meta={"csrf": False},
        )
        assert form.validate(), form.errors
        assert form.note.data == "ett\ntvå\ntre\nfyra"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_phrase_slots_refuse_separators(app: Flask, char: str) -> None:
    with (
        app.test_request_context(headers=ENGLISH),
        pytest.raises(ValueError, match="invisible control characters"),
    ):
        clean_slot(SlotKind.ROOM, f"B{char}2")


def test_letters_marks_and_joiners_of_every_script_pass() -> None:
    for text in ("Ali Ahmadi", "علی احمدی\u200f", "می\u200cخواهم", "ፍሬወይኒ", "Олена"):
        assert not has_control_characters(text, multiline=False)
