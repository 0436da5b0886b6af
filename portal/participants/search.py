"""Finding a participant the way a caseworker types: any spelling of a name, either script,
or a phone number in any format.

Each word of a name becomes a key that keeps what spellings of one name share: no accents,
one form of each Arabic letter, in Latin letters the consonants only (after the first
letter), doubled letters once. "Mohamed", "Mohammed" and "Muhammad" all become "mhmd". A
participant's terms (NameTerm) are the keys and the words of their name and of its Latin
spelling; a search matches a whole word's key or the start of a word, so "ali" finds "Ali
Hassan" but neither "Halima" nor "Alvarez".
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from portal.forms import latin_digits
from portal.phone import DEFAULT_REGION

# Letters that decompose to nothing useful, and Arabic-script letters written several ways.
_LATIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ı": "i"})
_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ئ": "ي",
        "ة": "ه",
        "ۀ": "ه",
        "ک": "ك",
        "ؤ": "و",
        "ـ": None,  # tatweel
    }
)
_VOWELS = frozenset("aeiouy")
# Spellings of one sound in names transliterated into Latin letters.
_SOUNDS = (("ph", "f"), ("q", "k"), ("c", "k"), ("w", "v"), ("z", "s"))
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Lower case, no accents or Arabic vowel signs, one form of each letter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).translate(_ARABIC)


def word_key(word: str) -> str:
    """The spelling-tolerant key of one word."""
    if not word.isascii():
        return _squeeze(word)
    for spelling, sound in _SOUNDS:
        word = word.replace(spelling, sound)
    head, rest = word[:1], word[1:]
    if head in _VOWELS - {"y"}:
        head = "a"  # Omar, Umar; Ahmed, Ehmed
    consonants = "".join(char for char in rest if char not in _VOWELS)
    return _squeeze(head + consonants) or head


def _squeeze(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _folded_words(text: str) -> list[str]:
    return _WORD.findall(_fold(latin_digits(text)))


def words(text: str) -> list[str]:
    return [word_key(word) for word in _folded_words(text)]


def terms(*names: str) -> list[str]:
    """The searchable terms of a participant's names: each word's key, and each word as
    written (folded)."""
    folded = [word for name in names for word in _folded_words(name)]
    found = dict.fromkeys([*(word_key(word) for word in folded), *folded])
    return [term[:100] for term in found if term]


def query_words(query: str) -> list[tuple[str, str]]:
    """For each word of the query, a term that must match whole (any spelling of the name)
    or the start of a term as typed, escaped for LIKE ("moham" finds Mohammed while it is
    being typed)."""
    return [(word_key(word), _escape(word)) for word in _folded_words(query) if word]


def _escape(key: str) -> str:
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def phone_number(query: str) -> str | None:
    """The query as an E.164 number if it looks like a phone number in any format
    ("070-123 45 67", "+46 70 123 45 67", "0046701234567", Arabic-Indic digits)."""
    typed = latin_digits(query).strip()
    digits = re.sub(r"\D", "", typed)
    if len(digits) < 7 or re.search(r"[^\d\s()+\-./]", typed):
        return None
    if typed.startswith("00"):
        typed = "+" + typed[2:]
    try:
        number = phonenumbers.parse(typed, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
