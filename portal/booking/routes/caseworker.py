"""The caseworker books on a participant's behalf. The participant's bookings and
attendance are shown on their page (participants.show)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff_only
from portal.auth.principal import current_staff
from portal.booking import bookings as booked
from portal.booking import seats, waiting_list
from portal.booking.routes.participant import offer_page
from portal.booking.rules import BookingError, NotOffered, NotYours
from portal.forms import Form
from portal.participants.models import Participant
from portal.participants.registry import get_for_staff
from portal.staff.models import StaffRole
from portal.templating import render

bp = Blueprint(
    "participant_booking", __name__, url_prefix="/staff/participants/<int:participant_id>/booking"
)

caseworkers = staff_only(StaffRole.CASEWORKER)


@bp.before_request
def pass_on_lapsed_offers() -> None:
    waiting_list.expire_offers()


def _participant(participant_id: int) -> Participant:
    return get_for_staff(participant_id, current_staff())


def _back(participant: Participant) -> Response:
    return redirect(
        url_for("participants.show", participant_id=participant.id, _anchor="bookings"), code=303
    )


@bp.get("")
@caseworkers
def offer(participant_id: int) -> str:
    participant = _participant(participant_id)
    return render(
        "booking/caseworker_offer.html",
        block="results",
        participant=participant,
        **offer_page(participant),
    )


@bp.post("/<int:occasion_id>/book")
@caseworkers
def book(participant_id: int, occasion_id: int) -> Response:
    participant = _participant(participant_id)
    if Form().validate_on_submit():
        try:
            # The booking's own statement reads the occasion and checks it is in the county.
            seats.book(participant, occasion_id, staff=current_staff())
        except NotOffered:
            abort(404)
        except BookingError as error:
            flash(str(error), "error")
            return redirect(url_for(".offer", participant_id=participant.id), code=303)
        flash(
            _(
                "%(name)s has a seat. They get a text message about it.",
                name=participant.name,
            ),
            "success",
        )
    return _back(participant)


@bp.post("/<int:occasion_id>/wait")
@caseworkers
def join_waiting_list(participant_id: int, occasion_id: int) -> Response:
    participant = _participant(participant_id)
    if Form().validate_on_submit():
        try:
            booking = waiting_list.join_waiting_list(
                participant, occasion_id, staff=current_staff()
            )
        except NotOffered:
            abort(404)
        except BookingError as error:
            flash(str(error), "error")
            return redirect(url_for(".offer", participant_id=participant.id), code=303)
        flash(
            _(
                "%(name)s is number %(position)s on the waiting list.",
                name=participant.name,
                position=booked.waiting_position(booking),
            ),
            "success",
        )
    return _back(participant)


@bp.post("/bookings/<int:booking_id>/cancel")
@caseworkers
def cancel(participant_id: int, booking_id: int) -> Response:
    participant = _participant(participant_id)
    if Form().validate_on_submit():
        try:
            seats.cancel(participant, booking_id, staff=current_staff())
        except NotYours:
            abort(404)
        except BookingError as error:
            flash(str(error), "error")
        else:
            flash(_("The booking is cancelled."), "success")
    return _back(participant)
