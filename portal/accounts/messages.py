"""The text messages that bring a member of staff to their set-up link."""

from __future__ import annotations

from flask_babel import gettext as _


def invitation(link: str, organisation: str) -> str:
    return _(
        "%(organisation)s has invited you to the introduction portal. Choose your password here: %(link)s",
        organisation=organisation,
        link=link,
    )


def reset(link: str, organisation: str) -> str:
    return _(
        "Your sign-in to the introduction portal has been reset. Choose a new password here: %(link)s",
        link=link,
    )
