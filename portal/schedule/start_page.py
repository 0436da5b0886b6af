"""What `/` shows a signed-in participant: what is left of today, the next activity, and
whether the plan waits for their approval. The start page itself is main's (main.index)."""

from __future__ import annotations

from flask import render_template

from portal.auth.principal import current_participant
from portal.plans import approval as signing
from portal.plans import versions as plan_versions
from portal.schedule import services as schedule
from portal.schedule.offline import offline_copy
from portal.staff.contact import caseworker_of


@offline_copy
def home() -> str:
    participant = current_participant()
    version = plan_versions.current_version(participant)
    return render_template(
        "schedule/home.html",
        home=schedule.home(participant),
        has_plan=version is not None,
        needs_approval=version is not None and signing.approval_of(participant, version) is None,
        contact=caseworker_of(participant),
    )
