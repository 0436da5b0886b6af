"""The text messages that sign a participant in. Kept short: one SMS part where the
language allows it."""

from __future__ import annotations

from flask_babel import gettext as _


def invitation(link: str, municipality: str) -> str:
    return _(
        "Your introduction plan from %(municipality)s is ready: %(link)s",
        municipality=municipality,
        link=link,
    )


def sign_in_code(code: str) -> str:
    return _(
        "%(code)s is your sign-in code. It is valid for 10 minutes. Never share it.", code=code
    )


def approval_code(code: str) -> str:
    return _("%(code)s is your code to approve your plan. Never share it.", code=code)
