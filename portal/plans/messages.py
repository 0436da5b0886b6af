"""The text messages about a plan. Each is rendered in the participant's language (see
portal.sms.service.queue). Kept short: one SMS part in Swedish and English."""

from __future__ import annotations

from flask_babel import gettext as _


def answered(link: str) -> str:
    return _("Your caseworker has answered your message about your plan: %(link)s", link=link)


def plan_changed(link: str) -> str:
    return _("Your introduction plan has changed. Read it and approve it: %(link)s", link=link)
