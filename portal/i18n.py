"""Which language a page is in, and what the portal knows about each language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Domain, LazyString, force_locale, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

SESSION_KEY = "language"

# Where the name CLDR gives is not what speakers call their language.
AUTONYMS = {
    "fa_AF": "دری",
    "ku": "Kurmancî",
    "ckb": "کوردی (سۆرانی)",
}


# Where CLDR's name for a language, in the reader's language, is not what our users call it:
# Dari is "Persian (Afghanistan)" ("persiska (Afghanistan)", "فارسی (افغانستان)"), Sorani
# "Central Kurdish" ("centralkurdiska"), Pashto "afghanska" in Swedish, and Kurmanji plain
# "Kurdish". These names are translated like any sentence, in every catalog.
NAMES: dict[str, LazyString] = {
    "fa_AF": _l("Dari"),
    "ckb": _l("Sorani Kurdish"),
    "ku": _l("Kurmanji Kurdish"),
    "ps": _l("Pashto"),
}

# Other codes for a language we ship under another code: what browsers send, and what
# occasions were once stored with. Kurmanji is "ku" everywhere (interface, occasions).
ALIASES = {"kmr": "ku", "prs": "fa_AF"}


def canonical(code: str) -> str:
    """The code the portal uses for a language: "kmr" -> "ku"."""
    return ALIASES.get(code, code)


@dataclass(frozen=True)
class Language:
    code: str  # as in LANGUAGES and translations/, e.g. "fa_AF"
    tag: str  # BCP 47, for lang="", e.g. "fa-AF"
    autonym: str
    direction: str  # "ltr" or "rtl"


@cache
def language(code: str) -> Language:
    locale = Locale.parse(code)
    autonym = AUTONYMS.get(code) or locale.get_display_name(locale) or code
    return Language(
        code=code,
        tag=code.replace("_", "-"),
        autonym=autonym[:1].upper() + autonym[1:],
        direction=locale.text_direction,
    )


def languages() -> list[Language]:
    return [language(code) for code in current_app.config["LANGUAGES"]]


def supported(code: str | None) -> bool:
    return code is not None and code in current_app.config["LANGUAGES"]


def select_locale() -> str:
    """The participant's saved language, then the one chosen (or brought by an invitation)
    in this browser, then the browser's own preference, then Swedish."""
    if not has_request_context():
        # A command or a benchmark: no reader. Text messages force their own language.
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if current_user.is_authenticated and current_user.participant is not None:
        saved = current_user.participant.language
        if supported(saved):
            return str(saved)
    chosen = session.get(SESSION_KEY)
    if supported(chosen):
        return str(chosen)
    offered = current_app.config["LANGUAGES"]
    aliases = [alias for alias, code in ALIASES.items() if code in offered]
    best = request.accept_languages.best_match([*offered, *aliases]) if request else None
    if best:
        best = ALIASES.get(best, best)
        # werkzeug answers in the form it was given; return ours ("fa_AF", not "fa-AF")
        normalised = best.replace("-", "_")
        for code in offered:
            if code.lower() == normalised.lower():
                return str(code)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def current_language() -> Language:
    return language(str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))


def name_for_reader(code: str) -> str:
    """A language's name in the reader's language: "arabiska", "dari"."""
    code = canonical(code)
    if code in NAMES:
        return str(NAMES[code])
    return _cldr_name(code, str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))


@cache
def _cldr_name(code: str, reader: str) -> str:
    # Parsing two locales for each occasion listed was a tenth of the offer page (issue 13).
    return Locale.parse(code).get_display_name(Locale.parse(reader)) or code


def bilingual_name(code: str) -> str:
    """A language named for the reader and in itself: "arabiska – العربية"."""
    own = language(canonical(code)).autonym
    local = name_for_reader(code)
    return own if local.casefold() == own.casefold() else f"{local} – {own}"


def bilingual_markup(code: str) -> Markup:
    """As bilingual_name, the name in itself marked with its language for screen readers."""
    own = language(canonical(code))
    local = name_for_reader(code)
    marked = Markup('<span lang="{}" dir="{}">{}</span>').format(
        own.tag, own.direction, own.autonym
    )
    if local.casefold() == own.autonym.casefold():
        return marked
    return Markup("{} – {}").format(local, marked)


# The word "Language" in one language of each script our readers read, beside the globe on
# every page: someone who reads no word of the page's language still finds the picker.
PICKER_WORDS = ("en", "ar", "ti", "uk")


def language_words() -> list[tuple[Language, str]]:
    """("Language" in the page's language, then in PICKER_WORDS'), each with its language.
    The same for every page in a language, so worked out once per process and language:
    each force_locale costs a locale's parse."""
    current = current_language()
    known: dict[str, list[tuple[Language, str]]] = current_app.extensions.setdefault(
        "language_words", {}
    )
    if current.code not in known:
        known[current.code] = _language_words(current)
    return known[current.code]


def _language_words(current: Language) -> list[tuple[Language, str]]:
    found: list[tuple[Language, str]] = []
    for code in dict.fromkeys((current.code, *PICKER_WORDS)):
        if code not in current_app.config["LANGUAGES"]:
            continue
        with force_locale(code):
            word = gettext("Language")
        if word not in [shown for _language, shown in found]:
            found.append((language(code), word))
    return found


# --- the catalog a request reads -------------------------------------------------------------
# A page asks for fifty sentences or more. flask-babel's gettext finds the request's context,
# its locale and the catalog anew for each (a tenth of a page's time, issue 13); HeldDomain
# keeps the catalog for the locale the request is in, and looks again whenever force_locale
# changes it.


class HeldDomain(Domain):
    """flask-babel's message domain, keeping the catalog of the locale the request is in, for
    Python's gettext and lazy strings as for templates."""

    def get_translations(self) -> NullTranslations:
        babel_context = g.get("_flask_babel") if g else None
        locale = getattr(babel_context, "babel_locale", None)
        held = getattr(babel_context, "held_translations", None)
        if held is not None and locale is not None and held[0] is locale:
            return held[1]
        found = super().get_translations()
        babel_context = g.get("_flask_babel") if g else None
        if babel_context is not None:
            babel_context.held_translations = (getattr(babel_context, "babel_locale", None), found)
        return found


def settle_locale() -> None:
    """before_request, after the access decision: the reader's language is chosen while the
    signed-in person's row is loaded. A command's commit expires that row, and words after
    it (a flash message) would otherwise read the person again."""
    if request.endpoint not in (None, "static"):
        get_locale()


def init_app(app: Flask) -> None:
    from portal.extensions import babel

    app.before_request(settle_locale)
    # flask-babel makes its domain once (a cached property); ours in its place, for Python
    # and for the gettext flask-babel gives templates alike.
    vars(babel).setdefault("domain_instance", HeldDomain())
    app.jinja_env.globals.update(
        current_language=current_language, languages=languages, language_words=language_words
    )
    app.jinja_env.filters.update(
        language_name=bilingual_markup, language=language, reader_language_name=name_for_reader
    )
