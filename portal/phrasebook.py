"""The phrasebook: common, translated sentences staff write notes with.

A caseworker's note on a plan item and a provider's note on an occasion are mostly the same
few practical things: bring your ID card, an interpreter will be there, meet at the reception,
ask for this person. Chosen from here, they reach the participant in their own language; only
what staff type freely stays in the writer's language (and is marked as theirs).

What is stored is a list of `{"id": ..., "values": {...}}`: the phrase's id and the values of
its slots (a name, a phone number in E.164, a time as HH:MM, a room). The text is made when it
is shown, in the reader's language, so a plan approved in Arabic and the same plan read in
Swedish are one signed content.

An id is part of what participants have signed: never remove a phrase or change what it
says. Retire it (`offered=False`) and add a new one with a new id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from typing import Any

import phonenumbers
from flask import Flask
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import i18n, phone
from portal.dates import clock
from portal.i18n import Language


class SlotKind(StrEnum):
    NAME = "name"  # a person's name, shown as written
    PHONE = "phone"  # any Swedish or international number, stored in E.164
    TIME = "time"  # a wall-clock time, stored as HH:MM
    ROOM = "room"  # a room or door: "104", "B2", shown as written


SLOT_LABELS: dict[SlotKind, LazyString] = {
    SlotKind.NAME: _l("Name"),
    SlotKind.PHONE: _l("Phone number"),
    SlotKind.TIME: _l("Time"),
    SlotKind.ROOM: _l("Room"),
}
# What to say when a chosen phrase's slot is left empty.
SLOT_MISSING: dict[SlotKind, LazyString] = {
    SlotKind.NAME: _l("Enter the name."),
    SlotKind.PHONE: _l("Enter the phone number."),
    SlotKind.TIME: _l("Enter the time."),
    SlotKind.ROOM: _l("Enter the room."),
}
MAX_LENGTH = {SlotKind.NAME: 100, SlotKind.PHONE: 40, SlotKind.TIME: 5, SlotKind.ROOM: 30}


def N_(message: str) -> str:
    """Marks a sentence for the catalogs; it is translated when shown."""
    return message


class Group(StrEnum):
    BRING = "bring"
    PLACE = "place"
    PEOPLE = "people"
    PRACTICAL = "practical"


GROUP_LABELS: dict[Group, LazyString] = {
    Group.BRING: _l("What to bring"),
    Group.PLACE: _l("Where and when"),
    Group.PEOPLE: _l("People to ask"),
    Group.PRACTICAL: _l("Costs and practical matters"),
}


@dataclass(frozen=True)
class Phrase:
    id: str
    group: Group
    # A whole sentence (a msgid); its placeholders are the slots, named for their kind.
    text: str
    offered: bool = True

    @property
    def slots(self) -> tuple[SlotKind, ...]:
        return tuple(SlotKind(name) for name in re.findall(r"%\((\w+)\)s", self.text))


PHRASES: tuple[Phrase, ...] = (
    Phrase("bring_id_card", Group.BRING, N_("Bring your ID card.")),
    Phrase("bring_permit_card", Group.BRING, N_("Bring your residence permit card.")),
    Phrase("bring_lma_card", Group.BRING, N_("Bring your LMA card.")),
    Phrase("bring_work_clothes", Group.BRING, N_("Bring work clothes and work shoes.")),
    Phrase("bring_outdoor_clothes", Group.BRING, N_("Bring clothes for being outdoors.")),
    Phrase("bring_pen_paper", Group.BRING, N_("Bring a pen and paper.")),
    Phrase(
        "bring_certificates",
        Group.BRING,
        N_("Bring your diplomas and certificates, the originals if you have them."),
    ),
    Phrase("bring_medicines", Group.BRING, N_("Bring a list of the medicines you take.")),
    Phrase("bring_vaccinations", Group.BRING, N_("Bring your vaccination card if you have one.")),
    Phrase("bring_lunch", Group.BRING, N_("Bring your own lunch.")),
    Phrase("meet_reception", Group.PLACE, N_("Meet at the reception.")),
    Phrase("meet_entrance", Group.PLACE, N_("Meet at the main entrance.")),
    Phrase("room", Group.PLACE, N_("The room is %(room)s.")),
    Phrase("first_day_time", Group.PLACE, N_("On the first day, come at %(time)s.")),
    Phrase("come_early", Group.PLACE, N_("Come 10 minutes before the start.")),
    Phrase("step_free", Group.PLACE, N_("You can get there with a wheelchair or a pram.")),
    Phrase("interpreter", Group.PEOPLE, N_("An interpreter will be there.")),
    Phrase(
        "interpreter_ask",
        Group.PEOPLE,
        N_("If you need an interpreter, tell your caseworker."),
    ),
    Phrase("contact_person", Group.PEOPLE, N_("Your contact person is %(name)s, %(phone)s.")),
    Phrase("supervisor", Group.PEOPLE, N_("Your supervisor at the workplace is %(name)s.")),
    Phrase("ask_for", Group.PEOPLE, N_("Ask for %(name)s at the reception.")),
    Phrase("absent_call", Group.PEOPLE, N_("If you cannot come, call %(phone)s.")),
    Phrase("women_only", Group.PEOPLE, N_("This group is for women only.")),
    Phrase("free", Group.PRACTICAL, N_("It is free of charge.")),
    Phrase("travel_paid", Group.PRACTICAL, N_("Your travel costs are paid. Keep your tickets.")),
    Phrase("lunch_provided", Group.PRACTICAL, N_("Lunch is provided.")),
    Phrase("childcare", Group.PRACTICAL, N_("Childcare is available while you take part.")),
    Phrase(
        "allowance",
        Group.PRACTICAL,
        N_("This activity is part of your plan and counts for your allowance."),
    ),
)
BY_ID: dict[str, Phrase] = {phrase.id: phrase for phrase in PHRASES}


def offered() -> list[Phrase]:
    return [phrase for phrase in PHRASES if phrase.offered]


def grouped() -> list[tuple[Group, list[Phrase]]]:
    """The phrases staff may choose, by group, in the phrasebook's order."""
    return [(group, [p for p in offered() if p.group == group]) for group in Group]


@dataclass(frozen=True)
class Chosen:
    """One phrase as staff chose it: its id and the values of its slots."""

    id: str
    values: Mapping[str, str] = field(default_factory=dict)

    def stored(self) -> dict[str, Any]:
        return {"id": self.id, "values": dict(self.values)}


def chosen(stored: Iterable[Mapping[str, Any]] | None) -> list[Chosen]:
    """Stored phrases (a JSON list) as values; the order is kept."""
    return [Chosen(str(item["id"]), dict(item.get("values") or {})) for item in stored or []]


def stored(phrases: Sequence[Chosen]) -> list[dict[str, Any]]:
    return [phrase.stored() for phrase in phrases]


# --- showing -------------------------------------------------------------------------------


def _shown(kind: SlotKind, value: str) -> Markup:
    """A slot's value for the page: isolated, so that right-to-left text cannot scramble it."""
    if kind == SlotKind.PHONE:
        try:
            shown = phone.display(value)
        except phonenumbers.NumberParseException:
            shown = value
        return Markup('<bdi><a href="tel:{}" data-digits>{}</a></bdi>').format(value, shown)
    if kind == SlotKind.TIME:
        hours, minutes = (int(part) for part in value.split(":"))
        return Markup("<bdi>{}</bdi>").format(clock(time(hours, minutes)))
    return Markup("<bdi>{}</bdi>").format(value)


def render(phrase: Chosen) -> Markup:
    """One chosen phrase as a sentence in the reader's language, values isolated."""
    known = BY_ID.get(phrase.id)
    if known is None:
        return Markup("")
    values = {
        kind.value: _shown(kind, str(phrase.values.get(kind.value, ""))) for kind in known.slots
    }
    # Our own catalog's sentence, trusted as templates trust it; the values are escaped.
    return Markup(_(known.text)) % values  # noqa: S704


def example(phrase: Phrase) -> str:
    """The phrase as staff see it when choosing: slots shown as "…"."""
    return _(phrase.text, **{kind.value: "…" for kind in phrase.slots})


@dataclass(frozen=True)
class Notes:
    """What staff wrote about something, for the reader: the phrasebook's sentences in the
    reader's language, and the writer's own words with the language they are in."""

    phrases: list[Markup]
    text: str
    language: Language

    @property
    def language_name(self) -> str:
        return i18n.name_for_reader(self.language.code)

    def __bool__(self) -> bool:
        return bool(self.phrases or self.text)


def notes(phrases: Iterable[Mapping[str, Any]] | None, text: str, language: str) -> Notes:
    return Notes(
        phrases=[render(phrase) for phrase in chosen(phrases)],
        text=text,
        language=i18n.language(i18n.canonical(language)),
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        phrasebook_groups=lambda: [(str(GROUP_LABELS[g]), members) for g, members in grouped()],
        phrase_example=example,
        slot_label=lambda kind: str(SLOT_LABELS[SlotKind(kind)]),
    )
