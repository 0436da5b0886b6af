"""The participant browses the county's offer: filters, order, seats left."""

from __future__ import annotations

from datetime import date, timedelta

from portal.booking.offer import PAGE
from portal.booking.vocabulary import OccasionType
from tests.booking.helpers import post, setting, signed_in
from tests.support.pages import Page, Portal
from tests.support.world import World


def titles(page: Page) -> list[str]:
    return [" ".join(p.get_text(" ").split()) for p in page.soup.select(".occasion__title")]


def test_the_offer_spans_the_county_and_shows_what_each_occasion_is(
    portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    neighbour = world.municipality("Köping")
    school = world.provider(neighbour)
    world.occasion(provider, title="Hemma", capacity=12, address="Stora gatan 1")
    world.occasion(school, title="Granne", capacity=1, kind=OccasionType.SFI, language="sv")
    signed_in(portal, world, world.participant(caseworker))

    page = portal.get("/booking")
    assert page.h1 == "Book courses and meetings"
    assert sorted(titles(page)) == ["Granne", "Hemma"]
    assert "12 seats left" in page.text
    assert "1 seat left" in page.text
    assert "Köping" in page.text
    assert "Svenska" in page.text  # the language of instruction, named in itself
    assert len(page.soup.select("form[action$='/book'] button")) == 2


def test_not_shown_what_the_participant_cannot_book(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    elsewhere = world.provider(world.municipality())
    world.occasion(provider, title="Open")
    world.occasion(elsewhere, title="Only for locals", open_to_county=False)
    world.occasion(provider, title="Started", starts_in=-timedelta(hours=1))
    world.occasion(provider, title="Closed", starts_in=timedelta(days=2), book_until=timedelta(3))
    world.occasion(world.provider(world.municipality(county="Uppsala län")), title="Elsewhere")
    signed_in(portal, world, world.participant(caseworker))
    assert titles(portal.get("/booking")) == ["Open"]


def test_civic_orientation_in_my_language_comes_first(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    world.occasion(provider, title="SFI soon", kind=OccasionType.SFI, language="sv")
    world.occasion(provider, title="Civic in Arabic", starts_in=timedelta(days=9))
    world.occasion(provider, title="Civic in English", language="en", starts_in=timedelta(8))
    world.occasion(
        provider, title="Civic in Tigrinya later", language="ti", starts_in=timedelta(30)
    )
    world.occasion(provider, title="Civic in Tigrinya", language="ti", starts_in=timedelta(days=20))
    signed_in(portal, world, world.participant(caseworker, language="ti"))
    assert titles(portal.get("/booking")) == [
        "Civic in Tigrinya",
        "Civic in Tigrinya later",
        "SFI soon",
        "Civic in English",
        "Civic in Arabic",
    ]


def test_filters_by_type_language_municipality_and_date(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    neighbour = world.municipality("Köping")
    other = world.provider(neighbour, kind=OccasionType.SFI)
    world.occasion(provider, title="A", language="ar", starts_in=timedelta(days=3))
    world.occasion(provider, title="B", language="fa_AF", starts_in=timedelta(days=20))
    world.occasion(other, title="C", kind=OccasionType.SFI_PLACEMENT_TEST, language="sv")
    signed_in(portal, world, world.participant(caseworker))
    page = portal.get("/booking")
    assert "open" not in page.soup.select_one("details.filters").attrs

    by_type = portal.submit(page, action="/booking", status=200, kind="sfi_placement_test")
    assert titles(by_type) == ["C"]
    assert "open" in by_type.soup.select_one("details.filters").attrs
    assert titles(portal.submit(page, action="/booking", status=200, language="fa_AF")) == ["B"]
    assert titles(portal.submit(page, action="/booking", status=200, municipality=neighbour)) == [
        "C"
    ]
    later = (date.today() + timedelta(days=10)).isoformat()
    assert titles(portal.submit(page, action="/booking", status=200, from_date=later)) == ["B"]
    none = portal.submit(page, action="/booking", status=200, kind="sfi", language="uk")
    assert titles(none) == []
    assert "Nothing matches. Try other filters." in none.text


def test_a_date_that_is_not_a_date_gets_a_message_and_filters_nothing(
    portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    world.occasion(provider, title="A")
    signed_in(portal, world, world.participant(caseworker))
    page = portal.get("/booking", query_string={"from_date": "next week"})
    assert page.error_for("from_date") == (
        "Error: Enter the date as year-month-day, like 2026-03-14."
    )
    assert page.value_of("from_date") == "next week"
    assert titles(page) == ["A"]


def test_a_full_occasion_offers_its_waiting_list(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, capacity=1)
    world.book(world.participant(caseworker), occasion)
    signed_in(portal, world, world.participant(caseworker))
    page = portal.get("/booking")
    assert "Full" in page.text
    assert [b.get_text() for b in page.soup.select(f"form[action$='/{occasion}/wait'] button")] == [
        "Join the waiting list"
    ]
    assert not page.soup.select(f"form[action$='/{occasion}/book']")


def test_htmx_gets_only_the_results(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    world.occasion(provider, title="A")
    signed_in(portal, world, world.participant(caseworker))
    fragment = portal.get("/booking", headers={"HX-Request": "true"})
    assert fragment.soup.find("html") is None
    assert fragment.soup.select_one("#results") is not None
    assert titles(fragment) == ["A"]


def test_the_occasion_page_lists_every_meeting(portal: Portal, world: World) -> None:
    caseworker, provider = setting(world)
    occasion = world.occasion(provider, meetings=4, title="Course")
    signed_in(portal, world, world.participant(caseworker))
    page = portal.get(f"/booking/occasions/{occasion}")
    assert page.h1 == "Civic orientation in Arabic"
    assert len(page.soup.select(".meetings li")) == 4
    assert "4 meetings" in page.text
    assert "You book all the meetings together." in page.text


def test_an_occasion_in_another_county_is_not_found(portal: Portal, world: World) -> None:
    caseworker, _provider = setting(world)
    far = world.occasion(world.provider(world.municipality(county="Uppsala län")))
    signed_in(portal, world, world.participant(caseworker))
    assert portal.get(f"/booking/occasions/{far}", status=404).h1 == "Page not found"
    # Booking reads the occasion in its own statement (issue 13): still not found, and
    # nothing booked, whether the occasion is elsewhere or nowhere.
    for occasion in (far, 999999):
        for action in ("book", "wait"):
            post(portal, f"/booking/occasions/{occasion}/{action}", status=404)
    assert world.bookings(far) == []


def test_the_soonest_occasions_come_a_page_at_a_time_with_the_filters_kept(
    portal: Portal, world: World
) -> None:
    caseworker, provider = setting(world)
    for day in range(PAGE + 2):
        world.occasion(provider, title=f"Civic {day:02d}", starts_in=timedelta(days=2 + day))
    world.occasion(provider, title="SFI", kind=OccasionType.SFI, starts_in=timedelta(days=3))
    signed_in(portal, world, world.participant(caseworker))

    first = portal.get("/booking", query_string={"kind": "civic_orientation"})
    assert titles(first) == [f"Civic {day:02d}" for day in range(PAGE)]
    assert first.soup.select_one(".results__count").get_text() == f"{PAGE + 2} occasions"
    later = first.soup.find("a", string="Show later occasions")
    assert later is not None and "kind=civic_orientation" in later["href"]
    assert first.soup.find("a", string="Back to the soonest occasions") is None

    second = portal.get(str(later["href"]))
    assert titles(second) == [f"Civic {day:02d}" for day in range(PAGE, PAGE + 2)]
    assert second.soup.find("a", string="Show later occasions") is None
    back = second.soup.find("a", string="Back to the soonest occasions")
    assert back is not None and titles(portal.get(str(back["href"])))[0] == "Civic 00"
    # An address someone typed or cut short starts from the soonest, never a 500.
    assert titles(portal.get("/booking", query_string={"after": "1.x.3"}))[0] == "Civic 00"
