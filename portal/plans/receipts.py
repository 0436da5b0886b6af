"""The participant's receipt for an approval, and checking one: the receipt carries a long
random id (only its hash is stored, in the approval itself, inside the chain) in an address
anyone can open to see that the receipt matches the record, without a name, a number or
what the plan says."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from portal.accounts.links import qr_svg
from portal.auth.models import OneTimeCode
from portal.database import db
from portal.phone import last_digits
from portal.plans import approval_chain
from portal.plans.approval import receipt_hash
from portal.plans.models import Approval
from portal.urls import public_url

# "••• ••• •• 67": how the number the code went to is shown, its last two digits only.
MASK = "\u2022\u2022\u2022 \u2022\u2022\u2022 \u2022\u2022 "


def masked(phone: str) -> str:
    return MASK + last_digits(phone) if phone else MASK.strip()


@dataclass(frozen=True)
class Receipt:
    approval: Approval
    number: int | None
    # The number the approval code went to, masked.
    sent_to: str
    # The address that checks the receipt; None where the id is not at hand (see RECEIPT).
    address: str | None

    @property
    def sent_to_html(self) -> Markup:
        # Bullets and digits have no direction of their own: left to right, as a number is.
        return Markup('<bdi dir="ltr">{}</bdi>').format(self.sent_to)

    def qr(self, title: str) -> Markup | None:
        return Markup(qr_svg(self.address, title)) if self.address else None  # noqa: S704


def receipt(approval: Approval, receipt_id: str | None) -> Receipt:
    phone = db.session.scalar(select(OneTimeCode.phone).where(OneTimeCode.id == approval.code_id))
    address = public_url("verification.check", receipt_id=receipt_id) if receipt_id else None
    return Receipt(approval, approval.version.number, masked(phone or ""), address)


@dataclass(frozen=True)
class Check:
    """What the public page may say about a receipt: nothing about the person."""

    found: bool
    intact: bool = False
    version: int | None = None
    approved_at: object = None
    content_sha256: str = ""


def check(receipt_sha256: str) -> Check:
    approval = db.session.scalar(select(Approval).where(Approval.receipt_sha256 == receipt_sha256))
    if approval is None:
        return Check(found=False)
    intact = (
        approval_chain.entry_hash(approval, approval.previous_sha256) == approval.entry_sha256
        and hashlib.sha256(approval.content.encode()).hexdigest() == approval.content_sha256
    )
    return Check(
        found=True,
        intact=intact,
        version=approval.version.number,
        approved_at=approval.approved_at,
        content_sha256=approval.content_sha256,
    )


__all__ = ["Check", "Receipt", "check", "masked", "receipt", "receipt_hash"]
