from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Model
from portal.vocabulary import OrganisationKind


class County(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    municipalities: Mapped[list[Municipality]] = relationship(
        back_populates="county", order_by="Municipality.name"
    )


class Municipality(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("county.id"), index=True)
    # The four-digit municipality code (kommunkod) from Statistics Sweden.
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))

    county: Mapped[County] = relationship(back_populates="municipalities")


class Organisation(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(String(40))
    # The language its staff write free text in unless they say otherwise.
    language: Mapped[str] = mapped_column(String(12), default="sv")

    municipality: Mapped[Municipality] = relationship()
