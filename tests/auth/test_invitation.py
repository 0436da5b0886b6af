"""Journey 1: the link by SMS, then a one-time code signs the participant in."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from portal.auth.models import Invitation, LoginSession, OneTimeCode
from portal.auth.tokens import hash_token
from portal.database import db, utcnow
from tests.support.pages import Portal
from tests.support.world import World, translated


def test_link_signs_in_with_code_and_leaves_no_token_in_the_url(
    portal: Portal, world: World
) -> None:
    participant = world.participant(language="ar")
    link = world.invite(participant)
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 22  # 128 random bits in URL-safe base64

    opened = portal.get(link, status=303)
    assert token not in opened.response.location
    code_page = portal.follow(opened)
    assert code_page.lang == "ar" and code_page.dir == "rtl"
    assert token not in code_page.response.get_data(as_text=True)
    code_message = world.messages(participant.phone)[-1]
    assert code_message.kind == "code_sign_in"
    assert code_message.language == "ar"

    done = portal.submit(code_page, code=world.last_code(participant.phone))
    assert done.response.location == "/plan"
    plan = portal.follow(done)
    assert plan.lang == "ar"


def test_the_invitation_sms_is_in_the_participants_language_with_a_short_link(
    world: World,
) -> None:
    participant = world.participant(language="sv")
    link = world.invite(participant)
    invitation = world.messages(participant.phone)[0]
    assert invitation.kind == "invitation"
    assert invitation.body.endswith(link)
    assert "http://portal.test/i/" in invitation.body
    assert link not in invitation.display_body  # staff never see the link itself


def test_only_hashes_of_tokens_and_codes_are_stored(portal: Portal, world: World) -> None:
    participant = world.participant()
    link = world.invite(participant)
    token = link.rsplit("/", 1)[1]
    portal.get(link, status=303)
    code = world.last_code(participant.phone)

    def stored() -> tuple[list[str], list[str]]:
        invitations = db.session.scalars(select(Invitation.token_hash)).all()
        codes = db.session.scalars(select(OneTimeCode.code_hash)).all()
        return list(invitations), list(codes)

    invitations, codes = world.run(stored)
    assert invitations == [hash_token(token)]
    assert token not in invitations and code not in codes


def test_a_link_works_once(app: Flask, world: World) -> None:
    participant = world.participant()
    link = world.invite(participant)
    first = Portal(app)
    code_page = first.follow(first.get(link, status=303))
    first.submit(code_page, code=world.last_code(participant.phone))

    second = Portal(app)
    used = second.get(link, status=410)
    assert used.h1 == "This link has already been used"
    assert "Sign in with your mobile number" in used.text


def test_unknown_expired_and_replaced_links_get_a_friendly_page(
    portal: Portal, world: World
) -> None:
    unknown = portal.get("/i/AAAAAAAAAAAAAAAAAAAAAA", status=404)
    assert unknown.h1 == "This link does not work"
    assert "ask your caseworker to send you a new link" in unknown.text

    participant = world.participant()
    old = world.invite(participant)
    new = world.invite(participant)
    replaced = portal.get(old, status=410)
    assert replaced.h1 == "This link has been replaced"

    world.run(
        lambda: (
            db.session.execute(
                update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1))
            ),
            db.session.commit(),
        )
    )
    expired = portal.get(new, status=410)
    assert expired.h1 == "This link has expired"


def test_opening_a_link_twice_sends_one_code(portal: Portal, world: World) -> None:
    participant = world.participant()
    link = world.invite(participant)
    portal.get(link, status=303)
    portal.get(link, status=303)
    codes = [m for m in world.messages(participant.phone) if m.kind == "code_sign_in"]
    assert len(codes) == 1


def test_wrong_codes_count_down_and_then_stop(portal: Portal, world: World) -> None:
    participant = world.participant(language="en")
    code_page = portal.follow(portal.get(world.invite(participant), status=303))
    right = world.last_code(participant.phone)
    wrong = "000000" if right != "000000" else "111111"
    for remaining in (4, 3, 2, 1):
        code_page = portal.submit(code_page, status=200, code=wrong)
        assert code_page.error_for("code") == (
            f"Error: The code is wrong. You can try {remaining} more "
            + ("time." if remaining == 1 else "times.")
        )
        assert code_page.value_of("code") == wrong  # what was typed stays
    code_page = portal.submit(code_page, status=200, code=wrong)
    assert "You have tried too many times" in code_page.error_for("code")
    # even the right code no longer works
    code_page = portal.submit(code_page, status=200, code=right)
    assert "You have tried too many times" in code_page.error_for("code")


def test_an_expired_code_is_refused_and_a_new_one_can_be_sent(portal: Portal, world: World) -> None:
    participant = world.participant(language="en")
    code_page = portal.follow(portal.get(world.invite(participant), status=303))
    old = world.last_code(participant.phone)
    world.run(
        lambda: (
            db.session.execute(
                update(OneTimeCode).values(
                    expires_at=utcnow() - timedelta(seconds=1),
                    created_at=utcnow() - timedelta(minutes=11),
                )
            ),
            db.session.commit(),
        )
    )
    refused = portal.submit(code_page, status=200, code=old)
    assert refused.error_for("code") == "Error: The code has expired. Ask for a new code."
    resent = portal.follow(portal.submit(refused, action="/sign-in/code/new"))
    assert "We have sent you a new code." in resent.text
    new = world.last_code(participant.phone)
    assert new != old or len([m for m in world.messages(participant.phone)]) == 3
    done = portal.submit(resent, action="/sign-in/code", code=new)
    assert done.response.location == "/plan"


def test_codes_typed_in_arabic_or_persian_digits_work(portal: Portal, world: World) -> None:
    participant = world.participant(language="ar")
    code_page = portal.follow(portal.get(world.invite(participant), status=303))
    code = world.last_code(participant.phone)
    arabic = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in code)
    done = portal.submit(code_page, code=f"{arabic[:3]} {arabic[3:]}")
    assert done.response.location == "/plan"


def test_malformed_codes_get_a_message(portal: Portal, world: World) -> None:
    participant = world.participant(language="en")
    code_page = portal.follow(portal.get(world.invite(participant), status=303))
    for typed, message in (
        ("", "Error: Enter the code from the text message."),
        ("12ab", "Error: Enter the 6 digits of the code."),
        ("1234567", "Error: Enter the 6 digits of the code."),
        ("\u202e123456", "Error: Enter the 6 digits of the code."),
    ):
        page = portal.submit(code_page, status=200, code=typed)
        assert page.error_for("code") == message
        assert page.error_summary() == [message.removeprefix("Error: ")]


def test_sign_in_again_by_number_answers_the_same_for_unknown_numbers(
    app: Flask, world: World
) -> None:
    participant = world.participant(language="en", phone="+46701234567")

    known = Portal(app)
    page = known.get("/sign-in")
    known_answer = known.follow(known.submit(page, phone="070-123 45 67"))
    unknown = Portal(app)
    page = unknown.get("/sign-in")
    unknown_answer = unknown.follow(unknown.submit(page, phone="070-765 43 21"))
    # same page, save for the last two digits the person typed themselves
    assert known_answer.text.replace("67", "21") == unknown_answer.text
    sent = [m.to for m in world.messages() if m.kind == "code_sign_in" and m.status != "stopped"]
    assert sent == [participant.phone]

    done = known.submit(known_answer, code=world.last_code(participant.phone))
    assert done.response.location == "/plan"
    wrong = unknown.submit(unknown_answer, status=200, code="123456")
    assert "The code is wrong" in wrong.error_for("code")


def test_a_shared_family_phone_asks_who_is_signing_in(portal: Portal, world: World) -> None:
    staff = world.caseworker()
    mother = world.participant(staff, name="Hawa Ali", phone="+46701112233", language="en")
    world.participant(staff, name="Omar Ali", phone="+46701112233", language="en")
    page = portal.submit(portal.get("/sign-in"), phone="0701112233")
    code_page = portal.follow(page)
    who = portal.follow(portal.submit(code_page, code=world.last_code(mother.phone)))
    assert who.h1 == "Who are you?"
    assert "Hawa Ali" in who.text and "Omar Ali" in who.text
    choice = who.soup.find("label", string="Hawa Ali")
    assert choice is not None
    option = who.soup.find(id=choice["for"])
    done = portal.submit(who, participant=option["value"])
    assert done.response.location == "/plan"

    def signed_in_as() -> int | None:
        return db.session.scalar(select(LoginSession.participant_id))

    assert world.run(signed_in_as) == mother.id


def test_invalid_numbers_get_a_message_and_keep_what_was_typed(portal: Portal) -> None:
    page = portal.get("/sign-in")
    for typed in ("12345", "070-123 45 6x", "+1 555", "08-123 45 67"):
        answer = portal.submit(page, status=200, phone=typed)
        assert answer.error_for("phone") == (
            "Error: Enter a mobile number in the right format, like 070-123 45 67."
        )
        assert answer.value_of("phone") == typed
        assert answer.soup.title and answer.soup.title.get_text().startswith("Error: ")


def test_signing_out_ends_the_session_on_the_server(app: Flask, world: World) -> None:
    participant = world.participant()
    portal = Portal(app)
    plan = portal.sign_in_with_link(world, participant)
    cookie = portal.client.get_cookie("portal_session")
    assert cookie is not None
    portal.submit(plan, action="/sign-out")
    assert portal.client.get("/plan").status_code == 302

    # the old cookie, replayed, no longer signs anyone in
    replay = Portal(app)
    replay.client.set_cookie("portal_session", cookie.value)
    assert replay.client.get("/plan").status_code == 302


def test_a_link_that_no_longer_works_speaks_the_language_of_its_person(
    app: Flask, world: World
) -> None:
    """The link identifies the person: an Arabic reader with a Swedish phone gets Arabic."""
    participant = world.participant(language="ar")
    used_link = world.invite(participant)
    first = Portal(app)
    first.submit(
        first.follow(first.get(used_link, status=303)), code=world.last_code(participant.phone)
    )
    replaced_link = world.invite(participant)
    world.invite(participant)

    phone = Portal(app)
    phone.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv-SE,sv;q=0.9"
    used = phone.get(used_link, status=410)
    assert (used.lang, used.dir) == ("ar", "rtl")
    assert used.h1 == translated(app, "ar", "This link has already been used")
    replaced = phone.get(replaced_link, status=410)
    assert replaced.h1 == translated(app, "ar", "This link has been replaced")
    # Signing in by number from there goes on in Arabic.
    assert phone.get("/sign-in").lang == "ar"

    # A link that names nobody follows the phone.
    stranger = Portal(app)
    stranger.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv-SE,sv;q=0.9"
    assert stranger.get("/i/AAAAAAAAAAAAAAAAAAAAAA", status=404).lang == "sv"
