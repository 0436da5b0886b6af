from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.support.pages import Portal


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
    assert len(staff.get("/staff/").soup.select("tbody tr")) == 2

    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code != 0
    assert "already holds data" in again.output
