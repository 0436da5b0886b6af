"""The participant's booking pages: the county's offer, one occasion, my bookings; book,
join the waiting list, accept an offered seat, cancel. Every action is a plain form post."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import participant_only
from portal.auth.principal import current_participant
from portal.booking import attendance, rules, seats, waiting_list
from portal.booking import bookings as booked
from portal.booking import offer as county_offer
from portal.booking.forms import OfferFilterForm
from portal.booking.models import BookingStatus
from portal.booking.offer import OfferFilter
from portal.booking.rules import BookingError, NotOffered, NotYours
from portal.database import utcnow
from portal.errors import render_error
from portal.forms import Form
from portal.participants.models import Participant
from portal.schedule.clashes import clashes
from portal.templating import render

bp = Blueprint("booking", __name__, url_prefix="/booking")
# Addresses for text messages, where every character of a link costs (portal.booking.notices).
short = Blueprint("short_links", __name__)


@bp.before_request
def pass_on_lapsed_offers() -> None:
    """Offers not accepted in time go to the next person before anyone looks (the cron
    command does the same when nobody does)."""
    waiting_list.expire_offers()


def offer_page(participant: Participant) -> dict[str, Any]:
    """What the offer page shows one participant, whoever is looking: the filtered offer of
    the county, and the participant's own place on each occasion listed."""
    municipalities = county_offer.county_municipalities(participant.municipality.county_id)
    form = OfferFilterForm(request.args, municipalities=[(m.id, m.name) for m in municipalities])
    form.validate()
    # A field with an error filters nothing: the page says what is wrong with it.
    filters = OfferFilter(
        kind=None if form.kind.errors else form.kind.data or None,
        language=None if form.language.errors else form.language.data or None,
        municipality_id=None if form.municipality.errors else form.municipality_id,
        from_date=None if form.from_date.errors else form.from_date.data,
    )
    after = county_offer.After.parse(request.args.get("after"))
    found = county_offer.offer(participant, filters, after=after)
    occasions = found.occasions
    mine = booked.active_bookings(participant.id, [occasion.id for occasion in occasions])
    return {
        "clashes": clashes(participant, found.meetings),
        "form": form,
        "filtered": any(vars(filters).values()),
        "occasions": occasions,
        "meeting_times": found.meetings,
        "total": found.total,
        "later_url": _this_page(after=found.next.token()) if found.next else None,
        "soonest_url": _this_page() if after else None,
        "mine": mine,
        "positions": booked.waiting_positions(mine.values()),
    }


def _this_page(**changed: Any) -> str:
    """This address with the same filters, a page on (`after`) or back to the soonest."""
    asked: dict[str, Any] = {k: v for k, v in request.args.items() if k != "after"}
    return url_for(request.endpoint or "", **(request.view_args or {}), **asked, **changed)


@bp.get("")
@participant_only
def offer() -> str:
    return render("booking/offer.html", block="results", **offer_page(current_participant()))


@bp.get("/occasions/<int:occasion_id>")
@participant_only
def occasion(occasion_id: int) -> str:
    participant = current_participant()
    found = county_offer.occasion_in_county(participant, occasion_id)
    booking = booked.active_bookings(participant.id, [found.id]).get(found.id)
    return render_template(
        "booking/occasion.html",
        occasion=found,
        booking=booking,
        position=booked.waiting_position(booking) if booking else None,
        unavailable=rules.why_not_bookable(participant, found),
        cancellable=booking is not None and rules.cancellable(booking),
        clashes=clashes(participant, {found.id: found.meetings}).get(found.id, []),
    )


def _back_to(occasion_id: int) -> Response:
    return redirect(url_for("booking.occasion", occasion_id=occasion_id), code=303)


@bp.post("/occasions/<int:occasion_id>/book")
@participant_only
def book(occasion_id: int) -> Response:
    participant = current_participant()
    if Form().validate_on_submit():
        try:
            # The booking's own statement reads the occasion and checks it is in the county.
            seats.book(participant, occasion_id)
        except NotOffered:
            abort(404)
        except BookingError as error:
            flash(str(error), "error")
        else:
            flash(_("Your seat is booked. We have sent you a text message about it."), "success")
    return _back_to(occasion_id)


@bp.post("/occasions/<int:occasion_id>/wait")
@participant_only
def join_waiting_list(occasion_id: int) -> Response:
    participant = current_participant()
    if Form().validate_on_submit():
        try:
            booking = waiting_list.join_waiting_list(participant, occasion_id)
        except NotOffered:
            abort(404)
        except BookingError as error:
            flash(str(error), "error")
        else:
            flash(
                _(
                    "You are number %(position)s on the waiting list. If a seat becomes free, we will send you a text message.",
                    position=booked.waiting_position(booking),
                ),
                "success",
            )
    return _back_to(occasion_id)


@short.get("/b")
@participant_only
def my_bookings_short() -> Response:
    return redirect(url_for("booking.mine"))


@bp.get("/mine")
@participant_only
def mine() -> str:
    participant = current_participant()
    bookings, times = booked.bookings_with_times(participant.id)
    now = utcnow()
    return render_template(
        "booking/mine.html",
        offers=[b for b in bookings if b.status == BookingStatus.OFFERED],
        booked=[
            b for b in bookings if b.status == BookingStatus.CONFIRMED and b.occasion.ends_at > now
        ],
        waiting=[b for b in bookings if b.status == BookingStatus.WAITING],
        earlier=[
            b
            for b in reversed(bookings)
            if b.status == BookingStatus.CONFIRMED and b.occasion.ends_at <= now
        ],
        positions=booked.waiting_positions(bookings),
        cancellable={b.id for b in bookings if rules.cancellable(b, now)},
        summaries=attendance.summaries(bookings, times, now),
        meeting_times=times,
    )


def _not_yours(error: NotYours) -> tuple[str, int]:
    return render_error(404, _("Booking not found"), str(error))


@bp.route("/mine/<int:booking_id>/cancel", methods=["GET", "POST"])
@participant_only
def cancel(booking_id: int) -> Response | str | tuple[str, int]:
    participant = current_participant()
    try:
        booking = booked.booking_of(participant.id, booking_id)
    except NotYours as error:
        return _not_yours(error)
    status = booking.status
    form = Form()
    if form.validate_on_submit():
        try:
            seats.cancel(participant, booking_id)
        except NotYours as error:
            return _not_yours(error)
        except BookingError as error:
            flash(str(error), "error")
        else:
            flash(_cancelled(status), "success")
        return redirect(url_for("booking.mine"), code=303)
    return render_template(
        "booking/cancel.html",
        booking=booking,
        cancellable=rules.cancellable(booking),
        form=form,
    )


def _cancelled(status: BookingStatus) -> str:
    if status == BookingStatus.WAITING:
        return _("You have left the waiting list.")
    if status == BookingStatus.OFFERED:
        return _("You have said no to the seat.")
    return _("Your booking is cancelled. We have sent you a text message about it.")


@bp.post("/mine/<int:booking_id>/accept")
@participant_only
def accept(booking_id: int) -> Response | tuple[str, int]:
    participant = current_participant()
    if Form().validate_on_submit():
        try:
            waiting_list.accept(participant, booking_id)
        except NotYours as error:
            return _not_yours(error)
        except BookingError as error:
            flash(str(error), "error")
        else:
            flash(_("The seat is yours. We have sent you a text message about it."), "success")
    return redirect(url_for("booking.mine"), code=303)
