"""Upkeep of the translation catalogs: plural rules from CLDR, and what a catalog says
about who translated it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import click
from babel import Locale
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.i18n import Language, language


def plural_forms(code: str) -> str:
    """The gettext Plural-Forms header for `code` from CLDR's rules: six forms for Arabic,
    four for Ukrainian, and 0 counted as singular in Tigrinya and Persian."""
    return to_gettext(Locale.parse(code).plural_form)


def catalog_path(code: str) -> Path:
    return (
        Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
        / code
        / "LC_MESSAGES"
        / "messages.po"
    )


def set_plural_forms(path: Path, code: str) -> bool:
    """Give the catalog at `path` CLDR's plural rules; True if it changed."""
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    wanted = plural_forms(code)
    if catalog.plural_forms == wanted:
        return False
    catalog.mime_headers = [
        (name, wanted if name.lower() == "plural-forms" else value)
        for name, value in catalog.mime_headers
    ]
    with path.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, include_lineno=False)
    return True


@click.command("translations-plurals")
@with_appcontext
def translations_plurals() -> None:
    """Set every catalog's Plural-Forms header from CLDR (run by `make translations`)."""
    for path in sorted(
        Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]).glob("*/LC_MESSAGES/messages.po")
    ):
        code = path.parent.parent.name
        if set_plural_forms(path, code):
            click.echo(f"{code}: plural forms set to {plural_forms(code)}")


@dataclass(frozen=True)
class CatalogStatus:
    """What a municipality needs to know about one language: how complete it is, who
    translated it, and whether a native speaker has reviewed it."""

    code: str
    translated: int
    total: int
    plural_forms: int
    translated_by: str
    review: str

    @property
    def language(self) -> Language:
        return language(self.code)


def _header_value(comment: str, label: str) -> str:
    for line in comment.splitlines():
        text = line.lstrip("#").strip()
        if text.lower().startswith(label.lower() + ":"):
            return text.split(":", 1)[1].strip()
    return ""


@cache
def _status(path: Path, code: str, modified: float) -> CatalogStatus:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    messages = [message for message in catalog if message.id]
    done = [
        message
        for message in messages
        if not message.fuzzy
        and all(message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    return CatalogStatus(
        code=code,
        translated=len(done),
        total=len(messages),
        plural_forms=catalog.num_plurals,
        translated_by=_header_value(catalog.header_comment, "Translated by"),
        review=_header_value(catalog.header_comment, "Native-speaker review"),
    )


def status(code: str) -> CatalogStatus | None:
    """None for the source language, which needs no catalog."""
    path = catalog_path(code)
    if not path.exists():
        return None
    return _status(path, code, path.stat().st_mtime)


def init_app(app: Flask) -> None:
    app.cli.add_command(translations_plurals)
