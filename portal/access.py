"""Who may open which route. Every view carries one explicit decision, checked centrally.

A route without a decision is refused (fail closed), and tests/test_access.py walks the URL
map so that such a route cannot be merged in the first place.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

View = TypeVar("View", bound=Callable[..., Any])


class _Staff(Protocol):
    role: str


class _SignedIn(Protocol):
    """What this module needs of the signed-in person (portal.auth.principal.Principal)."""

    @property
    def participant(self) -> object | None: ...

    @property
    def staff(self) -> _Staff | None: ...


class Access(StrEnum):
    PUBLIC = "public"
    PARTICIPANT = "participant"
    STAFF = "staff"


ACCESS_ATTR = "portal_access"
ROLES_ATTR = "portal_roles"


def public(view: View) -> View:
    setattr(view, ACCESS_ATTR, Access.PUBLIC)
    return view


def participant_only(view: View) -> View:
    setattr(view, ACCESS_ATTR, Access.PARTICIPANT)
    return view


def staff_only(*roles: str) -> Callable[[View], View]:
    """Staff of any role when none are named; otherwise only the roles named."""

    def decorate(view: View) -> View:
        setattr(view, ACCESS_ATTR, Access.STAFF)
        setattr(view, ROLES_ATTR, frozenset(roles))
        return view

    return decorate


def access_of(view: Callable[..., Any]) -> Access | None:
    return getattr(view, ACCESS_ATTR, None)


def enforce_access() -> Response | None:
    """before_request: let the request through, send it to sign in, or refuse it."""
    if request.endpoint is None:
        return None  # no route matched: the 404 handler answers
    if request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    access = access_of(view)
    if access is None:
        current_app.logger.error("route %s has no access decision", request.endpoint)
        abort(403)
    if access is Access.PUBLIC:
        return None
    principal: _SignedIn | None = current_user if current_user.is_authenticated else None
    if access is Access.PARTICIPANT:
        if principal is None:
            return redirect(url_for("auth.sign_in"))
        if principal.participant is None:
            abort(403)
        return None
    if principal is None:
        return redirect(url_for("auth.staff_login", next=request.full_path.rstrip("?")))
    if principal.staff is None:
        abort(403)
    roles: frozenset[str] = getattr(view, ROLES_ATTR, frozenset())
    if roles and principal.staff.role not in roles:
        abort(403)
    return None
