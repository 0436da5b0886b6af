"""How a text travels: GSM-7 (160 characters, 153 per part when split) or UCS-2 (70, 67).

Staff see this before sending, because a message in Tigrinya or Arabic costs more parts than
the same message in Swedish, and some phones show a long message badly.
"""

from __future__ import annotations

from dataclasses import dataclass

import smsutil

MAX_PARTS = 6


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
