"""The phrasebook: every sentence translated, its blanks filled and isolated in every language."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask_babel import force_locale

from portal import phrasebook
from portal.config import Config
from portal.phrasebook import Chosen, SlotKind

VALUES = {
    SlotKind.NAME: "Selam Haile",
    SlotKind.PHONE: "+46313900640",
    SlotKind.TIME: "08:15",
    SlotKind.ROOM: "B2",
}


@pytest.mark.sqlite_only
def test_phrases_have_unique_ids_and_known_blanks() -> None:
    ids = [phrase.id for phrase in phrasebook.PHRASES]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z_]+", i) for i in ids)
    for phrase in phrasebook.PHRASES:
        assert set(re.findall(r"%\((\w+)\)s", phrase.text)) <= {kind.value for kind in SlotKind}
    # What staff say most often (issue 12) is there.
    for needed in (
        "bring_id_card",
        "bring_work_clothes",
        "bring_permit_card",
        "bring_lma_card",
        "interpreter",
        "meet_reception",
        "contact_person",
        "childcare",
        "travel_paid",
        "lunch_provided",
        "free",
    ):
        assert needed in phrasebook.BY_ID


@pytest.mark.sqlite_only
@pytest.mark.parametrize("code", Config.LANGUAGES)
def test_every_phrase_reads_in_the_language_with_its_values_isolated(app: Flask, code: str) -> None:
    with app.test_request_context(), force_locale(code):
        for phrase in phrasebook.PHRASES:
            values = {kind.value: VALUES[kind] for kind in phrase.slots}
            shown = str(phrasebook.render(Chosen(phrase.id, values)))
            if code not in ("en",):
                assert phrase.text.split("%(")[0] not in shown or phrase.text.startswith("%"), (
                    code,
                    phrase.id,
                    shown,
                )
            for kind in phrase.slots:
                assert "<bdi>" in shown, (code, phrase.id)
                if kind == SlotKind.PHONE:
                    assert 'href="tel:+46313900640"' in shown and "031-390 06 40" in shown
                elif kind == SlotKind.TIME:
                    assert "8:15" in shown
                else:
                    assert f"<bdi>{VALUES[kind]}</bdi>" in shown
            assert "%(" not in shown


@pytest.mark.sqlite_only
def test_a_value_cannot_inject_markup(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        shown = str(phrasebook.render(Chosen("ask_for", {"name": "<script>x</script>"})))
    assert shown == "Ask for <bdi>&lt;script&gt;x&lt;/script&gt;</bdi> at the reception."
