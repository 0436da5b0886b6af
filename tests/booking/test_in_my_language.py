"""Issue 12: an occasion reads in the participant's language: its title from its type and
language of instruction, the provider's notes from the phrasebook, their own words marked."""

from __future__ import annotations

from flask import Flask

from tests.booking.helpers import setting
from tests.booking.test_provider import next_monday, publish_form
from tests.support.pages import Portal
from tests.support.world import World, translated


def publish(app: Flask, world: World, **fields: object) -> tuple[Portal, object]:
    caseworker, provider = setting(world)
    portal = Portal(app)
    portal.sign_in_staff(provider.email, provider.password)
    form = portal.get("/staff/occasions/new")
    page = portal.follow(portal.submit(form, **publish_form(next_monday(), **fields)))
    return page, caseworker


def test_the_title_is_made_in_the_readers_language_and_notes_are_translated(
    app: Flask, world: World
) -> None:
    staff_page, caseworker = publish(
        app,
        world,
        language="ar",
        title="vårkurs",
        description="Ingång från gården.",
        written_in="sv",
        **{
            "phrases-bring_id_card": "y",
            "phrases-interpreter": "y",
            "phrases-room": "y",
            "phrases-room-room": "B2",
        },
    )
    assert staff_page.h1 == "Civic orientation in Arabic"
    reader = Portal(app)
    reader.sign_in_with_link(world, world.participant(caseworker, language="fa"))
    offer = reader.get("/booking")
    card = offer.soup.select_one(".occasion")
    title = " ".join(card.select_one("h3").get_text().split())
    expected = translated(app, "fa", "%(type)s in %(language)s").replace(
        "%(type)s", translated(app, "fa", "Civic orientation")
    )
    assert title == expected.replace("%(language)s", "عربی")
    addition = card.select_one(".occasion__title")
    assert (addition.get_text(), addition["lang"], addition["dir"]) == ("vårkurs", "sv", "ltr")
    assert card.select_one("h3 svg[aria-hidden=true]") is not None  # the pictogram

    page = reader.get(card.select_one("h3 a")["href"])
    assert page.h1 == title
    notes = [" ".join(li.get_text().split()) for li in page.soup.select(".phrases li")]
    assert notes == [
        translated(app, "fa", "Bring your ID card."),
        translated(app, "fa", "The room is %(room)s.", room="B2"),
        translated(app, "fa", "An interpreter will be there."),
    ]
    free = page.soup.select_one(".free-text__body")
    assert (free.get_text(), free["lang"], free["dir"]) == ("Ingång från gården.", "sv", "ltr")


def test_a_kurmanji_reader_is_offered_kurmanji_courses_first(app: Flask, world: World) -> None:
    caseworker, provider = setting(world)
    world.occasion(provider, language="ar")
    staff = Portal(app)
    staff.sign_in_staff(provider.email, provider.password)
    form = staff.get("/staff/occasions/new")
    option = next(o for o in form.soup.select("#language option") if o["value"] in ("ku", "kmr"))
    done = staff.submit(form, **publish_form(next_monday(weeks=3), language=option["value"]))
    kurmanji = done.response.location.rsplit("/", 1)[1]

    reader = Portal(app)
    reader.sign_in_with_link(world, world.participant(caseworker, language="ku"))
    offer = reader.get("/booking")
    first = offer.soup.select_one(".occasion h3 a")
    assert first is not None and first["href"] == f"/booking/occasions/{kurmanji}"
    language = offer.soup.select_one(".occasion dd span[lang]")
    assert language is not None and language["lang"] == "ku"
    assert (
        offer.soup.select_one(".occasion dd")
        .get_text()
        .startswith(translated(app, "ku", "Kurmanji Kurdish"))
    )
    # An old address that names Kurmanji by its other code still filters.
    filtered = reader.get("/booking", query_string={"language": "kmr"})
    assert len(filtered.soup.select(".occasion")) == 1
    assert option["value"] == "ku" and "Kurmancî" in option.get_text()
