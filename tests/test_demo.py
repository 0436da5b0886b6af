from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.support.pages import Portal
from tests.support.world import World, translated, translated_plural


@pytest.mark.sqlite_only
def test_demo_prints_working_links_and_passwords(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    links = re.findall(r"^(.+) \((\w+)\): (http://portal\.test/i/\S+)$", result.output, re.M)
    assert {language for _, language, _ in links} >= {"sv", "ar", "ti"}
    logins = re.findall(r"^Caseworker in (.+): (\S+)  password: (\S+)$", result.output, re.M)
    assert len(logins) == 2

    for name, _language, link in links:
        opened = app.test_client().get(link.removeprefix("http://portal.test"))
        assert opened.status_code == 303, name
    _, email, password = logins[0]
    staff = Portal(app)
    staff.sign_in_staff(email, password)
    assert len(staff.get("/staff/?show=everyone").soup.select("tbody tr")) == 2

    providers = re.findall(r"^Provider at (.+): (\S+)  password: (\S+)$", result.output, re.M)
    assert len(providers) == 2
    for _name, email, password in providers:
        provider = Portal(app)
        provider.sign_in_staff(email, password)
        occasions = provider.get("/staff/occasions")
        assert occasions.h1 == "Occasions"
        assert len(occasions.soup.select("tbody tr")) >= 5

    rania = next(link for _name, language, link in links if language == "ar")
    newcomer = Portal(app)
    opened = newcomer.get(rania.removeprefix("http://portal.test"), status=303)
    code = World(app).last_code("+46701740606")
    newcomer.follow(newcomer.submit(newcomer.follow(opened), code=code))
    offer = newcomer.get("/booking")
    assert len(offer.soup.select(".occasion")) >= 8
    assert offer.lang == "ar"  # Rania reads Arabic
    assert translated_plural(app, "ar", "%(num)d seat left", "%(num)d seats left", 1) in offer.text
    assert translated(app, "ar", "Full") in offer.text
    languages = {dd.get_text() for dd in offer.soup.select(".occasion dd:first-of-type")}
    assert len(languages) >= 4

    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code != 0
    assert "already holds data" in again.output
