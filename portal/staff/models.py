from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model
from portal.organisations.models import Organisation
from portal.vocabulary import Labelled


class StaffRole(Labelled):
    CASEWORKER = "caseworker"
    PROVIDER = "provider"
    COORDINATOR = "coordinator"
    # Manages the staff of their own organisation.
    ADMINISTRATOR = "administrator"
    # Manages the organisations of their county and the staff of each of them.
    COUNTY_ADMINISTRATOR = "county_administrator"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.CASEWORKER: _l("Caseworker"),
            cls.PROVIDER: _l("Provider (SFI school or civic orientation)"),
            cls.COORDINATOR: _l("Coordinator"),
            cls.ADMINISTRATOR: _l("Administrator"),
            cls.COUNTY_ADMINISTRATOR: _l("County administrator"),
        }


ADMINISTRATORS = (StaffRole.ADMINISTRATOR, StaffRole.COUNTY_ADMINISTRATOR)


class Staff(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Stored lower-cased so that sign-in does not depend on how the address was typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[StaffRole] = mapped_column(String(20), default=StaffRole.CASEWORKER)
    # None until the person has chosen one through their invitation (or after a reset).
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A coordinator follows up their own municipality, or with this the whole county.
    county_wide: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The work phone in E.164: shown to participants as how to reach their caseworker;
    # invitations and resets can be texted to it.
    phone: Mapped[str | None] = mapped_column(String(20))
    # When they answer it, as portal.contact_hours stores it ("0-3 09:00-11:00"): shown in
    # the reader's language.
    contact_hours: Mapped[str] = mapped_column(String(200), default="")

    organisation: Mapped[Organisation] = relationship()
