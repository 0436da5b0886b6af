"""The seam for a SITHS or BankID sign-in (portal/auth/external.py), with a stand-in
identity provider: the portal's side of it is real."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask, Request

from portal.auth.external import ExternalSignInFailed
from tests.support.pages import Portal
from tests.support.world import World


class StandInProvider:
    """Answers at once with the email in the return address; refuses a forged answer."""

    label = "Sign in with SITHS card"

    def start(self, return_url: str) -> str:
        return return_url + "?" + urlencode({"email": "PENDING", "signed": "yes"})

    def finish(self, request: Request) -> str:
        if request.args.get("signed") != "yes":
            raise ExternalSignInFailed
        return str(request.args["email"])


@pytest.fixture
def provider(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        app.config, "STAFF_EXTERNAL_SIGN_IN", "tests.accounts.test_external:StandInProvider"
    )


@pytest.mark.usefixtures("provider")
def test_a_configured_provider_signs_staff_in(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = Portal(app)
    login = portal.get("/staff/login")
    assert "Sign in with SITHS card" in login.text
    sent = portal.submit(login, action="/staff/login/external", status=302)
    assert sent.response.location.startswith("http://localhost/staff/login/external/return?")
    back = portal.get(
        "/staff/login/external/return?" + urlencode({"email": staff.email, "signed": "yes"}),
        status=303,
    )
    assert back.response.location == "/staff/"
    assert portal.get("/staff/").h1 == "Participants"


@pytest.mark.usefixtures("provider")
def test_a_forged_or_unknown_answer_signs_nobody_in(app: Flask, world: World) -> None:
    staff = world.caseworker()
    portal = Portal(app)
    forged = "/staff/login/external/return?" + urlencode({"email": staff.email})
    assert portal.get(forged, status=403).h1 == "You cannot open this page"
    unknown = "/staff/login/external/return?" + urlencode(
        {"email": "nobody@kommun.example", "signed": "yes"}
    )
    portal.get(unknown, status=403)
    assert portal.client.get("/staff/").status_code == 302


def test_without_a_provider_there_is_no_such_sign_in(app: Flask) -> None:
    portal = Portal(app)
    assert "SITHS" not in portal.get("/staff/login").text
    assert portal.client.get("/staff/login/external/return").status_code == 404
