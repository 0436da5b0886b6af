"""What can be booked, and in which languages it is taught. Codes are stored; labels are
translated when shown."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.vocabulary import Labelled


class OccasionType(Labelled):
    CIVIC_ORIENTATION = "civic_orientation"
    SFI = "sfi"
    SFI_PLACEMENT_TEST = "sfi_placement_test"
    VOCATIONAL_SWEDISH = "vocational_swedish"
    STUDY_GUIDANCE = "study_guidance"
    INFORMATION_MEETING = "information_meeting"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {
            cls.CIVIC_ORIENTATION: _l("Civic orientation"),
            cls.SFI: _l("SFI – Swedish for immigrants"),
            cls.SFI_PLACEMENT_TEST: _l("SFI placement test"),
            cls.VOCATIONAL_SWEDISH: _l("Vocational Swedish"),
            cls.STUDY_GUIDANCE: _l("Study and career guidance"),
            cls.INFORMATION_MEETING: _l("Information meeting"),
        }

    @property
    def short_label(self) -> LazyString:
        """The name where every character counts (text messages): "SFI"."""
        return _l("SFI") if self == OccasionType.SFI else self.label


class AttendanceStatus(Labelled):
    ATTENDED = "attended"
    ABSENT = "absent"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {cls.ATTENDED: _l("Attended"), cls.ABSENT: _l("Absent")}


class AbsenceReason(Labelled):
    VALID = "valid"
    INVALID = "invalid"

    @classmethod
    def _labels(cls) -> dict[Labelled, LazyString]:
        return {cls.VALID: _l("Valid reason"), cls.INVALID: _l("No valid reason")}


# The languages occasions are taught in, as codes like those of the interface (translations/):
# a participant's own language matches the occasions taught in it. Names come from CLDR.
INSTRUCTION_LANGUAGES = (
    "sv",
    "ar",
    "ti",
    "fa_AF",
    "fa",
    "so",
    "uk",
    "ckb",
    "ku",
    "ps",
    "en",
)
