"""Names shared by every part of the portal: areas of a plan, kinds of organisation.

Each is stored by its code and shown through a translated label, so that a structured plan
reads in the participant's language. Adding a member is one line here plus its translations.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class Labelled(StrEnum):
    @property
    def label(self) -> LazyString:
        return self._labels()[self]

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        raise NotImplementedError

    @classmethod
    def choices(cls) -> list[tuple[str, LazyString]]:
        return [(member.value, member.label) for member in cls]


class Area(Labelled):
    WORK = "work"
    SWEDISH = "swedish"
    CIVIC = "civic"
    HEALTH = "health"
    FAMILY = "family"
    HOUSING = "housing"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.WORK: _l("Work"),
            cls.SWEDISH: _l("SFI and vocational Swedish"),
            cls.CIVIC: _l("Civic orientation"),
            cls.HEALTH: _l("Health"),
            cls.FAMILY: _l("Children and family"),
            cls.HOUSING: _l("Housing"),
            cls.OTHER: _l("Other"),
        }


class OrganisationKind(Labelled):
    """Who is responsible for a part of the plan; also the kind of a registered organisation."""

    MUNICIPALITY = "municipality"
    EMPLOYMENT_SERVICE = "employment_service"
    REGION_HEALTH = "region_health"
    SOCIAL_INSURANCE = "social_insurance"
    MIGRATION_AGENCY = "migration_agency"
    SFI_SCHOOL = "sfi_school"
    CIVIC_ORIENTATION = "civic_orientation"
    ADULT_EDUCATION = "adult_education"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.MUNICIPALITY: _l("The municipality"),
            cls.EMPLOYMENT_SERVICE: _l("The Public Employment Service"),
            cls.REGION_HEALTH: _l("The region's health care"),
            cls.SOCIAL_INSURANCE: _l("The Social Insurance Agency"),
            cls.MIGRATION_AGENCY: _l("The Migration Agency"),
            cls.SFI_SCHOOL: _l("SFI school"),
            cls.CIVIC_ORIENTATION: _l("Civic orientation provider"),
            cls.ADULT_EDUCATION: _l("Adult education (Komvux)"),
            cls.OTHER: _l("Other organisation"),
        }


class Gender(Labelled):
    # The county agreement asks for follow-up split by women and men.
    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.WOMAN: _l("Woman"),
            cls.MAN: _l("Man"),
            cls.OTHER: _l("Other or not stated"),
        }
