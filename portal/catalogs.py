"""Upkeep of the translation catalogs: plural rules from CLDR, and what a catalog says
about who translated it."""

from __future__ import annotations

from pathlib import Path

import click
from babel import Locale
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext
from flask import Flask, current_app
from flask.cli import with_appcontext


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
        write_po(handle, catalog, sort_by_file=True, include_lineno=False)
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


def init_app(app: Flask) -> None:
    app.cli.add_command(translations_plurals)
