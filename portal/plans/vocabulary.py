"""What a plan is built from. Codes are stored; labels are translated when shown."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.vocabulary import Area, Labelled


class Term(Labelled):
    SHORT = "short"
    LONG = "long"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {cls.SHORT: _l("Short-term goal"), cls.LONG: _l("Long-term goal")}


class GoalKind(Labelled):
    JOB = "job"
    JOB_IN_PROFESSION = "job_in_profession"
    OWN_BUSINESS = "own_business"
    VALIDATED_EDUCATION = "validated_education"
    STUDIES = "studies"
    SWEDISH_EVERYDAY = "swedish_everyday"
    SWEDISH_WORK = "swedish_work"
    SFI_COMPLETED = "sfi_completed"
    CIVIC_COMPLETED = "civic_completed"
    GOOD_HEALTH = "good_health"
    CHILDREN_SCHOOL = "children_school"
    FAMILY_REUNIFICATION = "family_reunification"
    OWN_HOME = "own_home"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.JOB: _l("Get a job"),
            cls.JOB_IN_PROFESSION: _l("Work in my own profession"),
            cls.OWN_BUSINESS: _l("Start my own business"),
            cls.VALIDATED_EDUCATION: _l("Have my earlier education recognised"),
            cls.STUDIES: _l("Study further"),
            cls.SWEDISH_EVERYDAY: _l("Speak Swedish in everyday life"),
            cls.SWEDISH_WORK: _l("Speak Swedish at work"),
            cls.SFI_COMPLETED: _l("Complete SFI"),
            cls.CIVIC_COMPLETED: _l("Complete civic orientation"),
            cls.GOOD_HEALTH: _l("Take care of my health"),
            cls.CHILDREN_SCHOOL: _l("My children are settled in preschool or school"),
            cls.FAMILY_REUNIFICATION: _l("Be reunited with my family"),
            cls.OWN_HOME: _l("Have a home of my own"),
            cls.OTHER: _l("Another goal (see the note)"),
        }


class ActivityType(Labelled):
    SFI = "sfi"
    VOCATIONAL_SWEDISH = "vocational_swedish"
    CIVIC_ORIENTATION = "civic_orientation"
    INTERNSHIP = "internship"
    VALIDATION = "validation"
    JOB_COACHING = "job_coaching"
    JOB_SEEKING = "job_seeking"
    STUDY_GUIDANCE = "study_guidance"
    ADULT_EDUCATION = "adult_education"
    HEALTH_MEASURE = "health_measure"
    HEALTH_EXAMINATION = "health_examination"
    PARENTING_SUPPORT = "parenting_support"
    HOUSING_SUPPORT = "housing_support"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.SFI: _l("SFI – Swedish for immigrants"),
            cls.VOCATIONAL_SWEDISH: _l("Vocational Swedish"),
            cls.CIVIC_ORIENTATION: _l("Civic orientation"),
            cls.INTERNSHIP: _l("Internship"),
            cls.VALIDATION: _l("Validation of earlier education"),
            cls.JOB_COACHING: _l("Job coaching"),
            cls.JOB_SEEKING: _l("Looking for work"),
            cls.STUDY_GUIDANCE: _l("Study and career guidance"),
            cls.ADULT_EDUCATION: _l("Adult education"),
            cls.HEALTH_MEASURE: _l("Health measure"),
            cls.HEALTH_EXAMINATION: _l("Health examination"),
            cls.PARENTING_SUPPORT: _l("Support for parents"),
            cls.HOUSING_SUPPORT: _l("Help to find housing"),
            cls.OTHER: _l("Other activity (see the note)"),
        }

    @property
    def area(self) -> Area:
        """The area an activity of this type belongs to unless the caseworker says otherwise."""
        return _DEFAULT_AREA.get(self, Area.OTHER)


_DEFAULT_AREA = {
    ActivityType.SFI: Area.SWEDISH,
    ActivityType.VOCATIONAL_SWEDISH: Area.SWEDISH,
    ActivityType.CIVIC_ORIENTATION: Area.CIVIC,
    ActivityType.INTERNSHIP: Area.WORK,
    ActivityType.VALIDATION: Area.WORK,
    ActivityType.JOB_COACHING: Area.WORK,
    ActivityType.JOB_SEEKING: Area.WORK,
    ActivityType.STUDY_GUIDANCE: Area.WORK,
    ActivityType.ADULT_EDUCATION: Area.WORK,
    ActivityType.HEALTH_MEASURE: Area.HEALTH,
    ActivityType.HEALTH_EXAMINATION: Area.HEALTH,
    ActivityType.PARENTING_SUPPORT: Area.FAMILY,
    ActivityType.HOUSING_SUPPORT: Area.HOUSING,
}

# What the participant confirms when approving. A new wording gets a new number; the number
# shown is stored with each approval, so old approvals keep meaning what they said.
STATEMENTS: dict[int, LazyString] = {
    1: _l(
        "I have read my introduction plan and I approve it. I know that I can ask my "
        "caseworker to change it at any time."
    ),
}
CURRENT_STATEMENT = max(STATEMENTS)
