"""Issue 13: an occasion's heading ("Civic orientation in Arabic") was translated and
formatted anew for each occasion listed and each booked meeting of the week."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale

from portal.booking import models
from portal.booking.models import Occasion

pytestmark = pytest.mark.sqlite_only


def test_a_heading_is_made_once_per_language(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = models._

    def counted(message: str, **variables: object) -> str:
        made.append(message)
        return real(message, **variables)

    models._heading.cache_clear()
    monkeypatch.setattr(models, "_", counted)
    occasion = Occasion(kind="civic_orientation", language="ar")
    with app.test_request_context():
        with force_locale("sv"):
            swedish = {occasion.heading for _ in range(3)}
        with force_locale("ar"):
            arabic = {Occasion(kind="civic_orientation", language="ar").heading for _ in range(3)}
    assert swedish == {"Samhällsorientering på arabiska"}
    assert len(arabic) == 1 and arabic != swedish
    assert len(made) == 2
