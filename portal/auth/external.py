"""The seam where a staff sign-in by SITHS card or BankID plugs in.

Swedish municipalities and regions commonly sign staff in with a SITHS card or BankID,
through an identity provider (SAML or OpenID Connect). Such a sign-in is strong by itself:
it replaces the password and the authenticator app. To add one, write a class with the two
members of `ExternalSignIn` and name it in STAFF_EXTERNAL_SIGN_IN ("package.module:Class").
The staff sign-in page then offers it; /staff/login/external sends the browser to the
provider with `start`, and the provider sends it back to /staff/login/external/return,
where `finish` checks the answer and says whose work email it proved. That member of staff,
if active, is signed in; nothing else in the portal changes.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from flask import Request, current_app


class ExternalSignInFailed(Exception):
    pass


class ExternalSignIn(Protocol):
    # What the button on the sign-in page says, e.g. "Sign in with SITHS card".
    label: str

    def start(self, return_url: str) -> str:
        """The address to send the browser to, at the identity provider."""
        ...

    def finish(self, request: Request) -> str:
        """The work email the provider proved, from its answer to the return address;
        raises ExternalSignInFailed when the answer does not hold."""
        ...


def configured() -> ExternalSignIn | None:
    name = current_app.config.get("STAFF_EXTERNAL_SIGN_IN") or ""
    if not name:
        return None
    module_name, _, class_name = name.partition(":")
    if not class_name:
        raise RuntimeError(f"STAFF_EXTERNAL_SIGN_IN must be 'package.module:Class', not {name!r}")
    loaded: ExternalSignIn = getattr(importlib.import_module(module_name), class_name)()
    return loaded
