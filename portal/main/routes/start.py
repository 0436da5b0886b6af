from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import i18n
from portal.access import public
from portal.forms import options
from portal.main.forms import LanguageForm
from portal.participants.registry import save_language
from portal.schedule.start_page import home as participant_home
from portal.urls import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def index() -> Response | str:
    if current_user.is_authenticated:
        if current_user.participant is not None:
            return participant_home()
        return redirect(url_for("staff.dashboard"))
    return render_template("main/index.html")


@bp.route("/language", methods=["GET", "POST"])
@public
def language() -> Response | str:
    form = LanguageForm()
    form.language.choices = options((lang.code, lang.autonym) for lang in i18n.languages())
    back = safe_next(request.values.get("next"), url_for("main.index"))
    if form.validate_on_submit():
        session[i18n.SESSION_KEY] = form.language.data
        if current_user.is_authenticated and current_user.participant is not None:
            save_language(current_user.participant, form.language.data)
        return redirect(back, code=303)
    return render_template("main/language.html", form=form, back=back)
