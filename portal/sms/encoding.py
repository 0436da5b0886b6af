"""How a text travels: GSM-7 (160 characters, 153 per part when split) or UCS-2 (70, 67).

Staff see this before sending, because a message in Tigrinya or Arabic costs more parts than
the same message in Swedish, and some phones show a long message badly.
"""

from __future__ import annotations

from dataclasses import dataclass

import smsutil

MAX_PARTS = 6

# Characters that look like GSM-7 ones but are not in its alphabet: one of them turns a whole
# Swedish or English message into UCS-2 (70 characters a part instead of 160). CLDR puts a
# narrow no-break space before AM/PM and thin spaces around interval dashes; labels use en
# dashes. In a text message each becomes its plain GSM-7 look-alike.
LOOK_ALIKES = str.maketrans(
    {
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u2007": " ",  # figure space
        "\u200a": " ",  # hair space
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
    }
)


def fewest_parts(text: str) -> str:
    """`text` with typographic look-alikes made plain, so that a message in a language GSM-7
    can carry is sent in GSM-7, in as few parts as the language allows."""
    return text.translate(LOOK_ALIKES)


@dataclass(frozen=True)
class SmsShape:
    encoding: str  # "GSM-7" or "UCS-2"
    parts: int
    characters: int

    @property
    def too_long(self) -> bool:
        return self.parts > MAX_PARTS


def shape(text: str) -> SmsShape:
    split = smsutil.split(text)
    encoding = "GSM-7" if split.encoding == "gsm0338" else "UCS-2"
    return SmsShape(encoding=encoding, parts=len(split.parts), characters=len(text))
