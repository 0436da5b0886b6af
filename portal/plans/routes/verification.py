"""Checking approvals: anyone with a receipt's address sees whether it matches the record;
administrators and coordinators see every link checked now, and the nightly walk's result."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from portal.access import public, staff_only
from portal.plans import approval_chain, receipts
from portal.staff.models import StaffRole

bp = Blueprint("verification", __name__)

# The hash of the receipt id being checked: the id itself leaves the address at once.
CHECKING = "checking_receipt"
# The chain holds no one's data; those who answer for the record see it checked.
CHAIN_ROLES = (StaffRole.ADMINISTRATOR, StaffRole.COUNTY_ADMINISTRATOR, StaffRole.COORDINATOR)


@bp.get("/receipt/<receipt_id>")
@public
def check(receipt_id: str) -> Response:
    session[CHECKING] = receipts.receipt_hash(receipt_id)
    return redirect(url_for("verification.result"), code=303)


@bp.get("/receipt")
@public
def result() -> str:
    checking = session.get(CHECKING)
    found = receipts.check(checking) if isinstance(checking, str) else None
    return render_template(
        "plans/receipt_check.html",
        check=found,
        years=current_app.config["APPROVAL_RETENTION_YEARS"],
    )


@bp.get("/staff/approvals")
@staff_only(*CHAIN_ROLES)
def chain() -> str:
    check, walked_to = approval_chain.last_check()
    return render_template(
        "plans/approval_chain.html",
        check=check,
        walked_to=walked_to,
        broken_links=approval_chain.broken_links(),
    )
