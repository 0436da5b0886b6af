"""The participant's home and week, their calendar feed, and the offline service worker."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import participant_only, public
from portal.auth.principal import current_participant
from portal.schedule import services as schedule
from portal.schedule.calendar import calendar
from portal.schedule.offline import offline_copy
from portal.schedule.services import IsoWeek
from portal.urls import public_url

bp = Blueprint("schedule", __name__)

# The feed's new address rides in the (signed, HttpOnly) session cookie from the POST that
# made it to the one page that shows it, and is dropped there: the database has only a hash.
NEW_FEED = "new_feed"
ICS = "text/calendar"


@bp.get("/week")
@participant_only
@offline_copy
def this_week() -> str:
    return _week(IsoWeek.containing(schedule.today()))


@bp.get("/week/<week>")
@participant_only
@offline_copy
def week(week: str) -> str:
    which = IsoWeek.parse(week)
    if which is None:
        abort(404)
    return _week(which)


def _week(which: IsoWeek) -> str:
    return render_template(
        "schedule/week.html",
        week=schedule.week(current_participant(), which),
        previous=which.shifted(-1),
        next=which.shifted(1),
    )


# --- the phone's calendar ------------------------------------------------------------------


@bp.get("/calendar")
@participant_only
def calendar_page() -> str:
    token = session.pop(NEW_FEED, None)
    address = public_url("schedule.feed", token=token) if token else None
    return render_template(
        "schedule/calendar.html",
        feed=schedule.feed_of(current_participant()),
        address=address,
        webcal=_webcal(address) if address else None,
    )


def _webcal(address: str) -> str:
    # The scheme phones hand to their calendar app to subscribe.
    return "webcal://" + address.split("://", 1)[1]


@bp.post("/calendar/address")
@participant_only
def renew_address() -> Response:
    renewed = schedule.feed_of(current_participant()) is not None
    session[NEW_FEED] = schedule.renew_feed(current_participant())
    if renewed:
        flash(_("You have a new calendar address. The old one no longer works."), "success")
    return redirect(url_for("schedule.calendar_page"), code=303)


@bp.get("/calendar/<token>.ics")
@public
def feed(token: str) -> Response:
    """The participant's whole schedule for a calendar app, which signs in with nothing but
    this secret address."""
    participant = schedule.participant_for_feed(token)
    if participant is None:
        abort(404)
    with force_locale(participant.language):
        body = calendar(schedule.calendar_entries(participant), name=_("My introduction"))
    return Response(body, mimetype=ICS)


@bp.get("/calendar/event/<uid>.ics")
@participant_only
def entry_file(uid: str) -> Response:
    """One entry of the schedule to add to the phone's calendar."""
    entry = schedule.find_entry(current_participant(), uid)
    if entry is None:
        abort(404)
    return Response(
        calendar([entry]),
        mimetype=ICS,
        headers={"Content-Disposition": f'attachment; filename="{entry.uid}.ics"'},
    )


# --- offline -------------------------------------------------------------------------------


@bp.get("/sw.js")
@public
def service_worker() -> Response:
    """The service worker, from the site's root so that it may look after every page."""
    response = send_from_directory(
        str(current_app.static_folder), "js/sw.js", mimetype="text/javascript", max_age=0
    )
    return response
