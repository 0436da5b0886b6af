from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model
from portal.organisations.models import Organisation


class StaffRole(StrEnum):
    CASEWORKER = "caseworker"
    PROVIDER = "provider"
    COORDINATOR = "coordinator"


class Staff(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Stored lower-cased so that sign-in does not depend on how the address was typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[StaffRole] = mapped_column(String(20), default=StaffRole.CASEWORKER)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A coordinator follows up their own municipality, or with this the whole county.
    county_wide: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The work phone in E.164: shown to participants as how to reach their caseworker.
    phone: Mapped[str | None] = mapped_column(String(20))
    # When they answer it, as portal.contact_hours stores it ("0-3 09:00-11:00"): shown in
    # the reader's language.
    contact_hours: Mapped[str] = mapped_column(String(200), default="")

    organisation: Mapped[Organisation] = relationship()
