"""Issue 9, "Behind a proxy": with TRUSTED_PROXY_COUNT the limits and approvals see the
client behind the load balancer; without it, what a client writes in X-Forwarded-For is
ignored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from portal.auth.models import LoginSession
from portal.database import db
from portal.plans.models import Approval
from tests.plans.test_approval import approve
from tests.support.pages import Portal, form_values
from tests.support.world import World

BALANCER = "10.0.0.2"


def _behind_balancer(app: Flask, client_address: str) -> Portal:
    portal = Portal(app)
    portal.client.environ_base["REMOTE_ADDR"] = BALANCER
    portal.client.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
    # A TLS proxy says so; forms must still work without a Referer (no-referrer policy).
    portal.client.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"
    return portal


def _sign_in_statuses(app: Flask, client_address: str, times: int) -> list[int]:
    portal = _behind_balancer(app, client_address)
    page = portal.get("/sign-in")
    statuses = []
    for number in range(times):
        data = {**form_values(page.form()), "phone": f"070-{number:03d} 00 00"}
        statuses.append(portal.client.post("/sign-in", data=data).status_code)
    return statuses


@pytest.mark.parametrize("count", [0, 1])
def test_one_clients_burst_limits_that_client_only_behind_a_trusted_proxy(
    app_with: Callable[..., Flask], count: int
) -> None:
    app = app_with(TRUSTED_PROXY_COUNT=count, SIGN_IN_LIMIT="3 per minute")
    assert _sign_in_statuses(app, "203.0.113.1", 4) == [303, 303, 303, 429]
    other = _sign_in_statuses(app, "203.0.113.2", 1)
    # Trusted: another client is not held back. Not trusted: the header is nobody's word, so
    # a client cannot escape its limit by writing another address in it.
    assert other == ([303] if count else [429])


def test_an_approval_and_a_session_record_the_client_not_the_balancer(
    app_with: Callable[..., Flask], world: World
) -> None:
    app = app_with(TRUSTED_PROXY_COUNT=1)
    participant = world.participant(language="en")
    portal = _behind_balancer(app, "203.0.113.77")
    approve(portal, world, participant, portal.sign_in_with_link(world, participant))

    def addresses() -> tuple[str | None, str | None]:
        approval = db.session.scalars(select(Approval)).one()
        login = db.session.scalars(select(LoginSession)).one()
        return approval.ip_address, login.ip_address

    assert world.run(addresses) == ("203.0.113.77", "203.0.113.77")
