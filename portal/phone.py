"""Mobile numbers: parsed and validated by phonenumbers, stored in E.164."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "SE"


class InvalidPhoneNumber(ValueError):
    pass


def to_e164(raw: str, region: str = DEFAULT_REGION, *, mobile_only: bool = True) -> str:
    """'070-123 45 67' and '+46 70 123 45 67' both become '+46701234567'. A number that
    receives text messages must be a mobile one; a number to call may be any."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("not a valid number")
    if mobile_only and phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhoneNumber("not a mobile number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# How a Swedish mobile number is written, for hints: "070-123 45 67".
EXAMPLE = "070-123 45 67"


def display(e164: str) -> str:
    """Swedish numbers as Swedes write them, others in international form."""
    number = phonenumbers.parse(e164, None)
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def last_digits(e164: str, count: int = 2) -> str:
    return e164[-count:]
