"""Safety on every page: leave this site quickly, and help when someone is in danger.

Both are reached by plain links, so they work without JavaScript. Their URLs and titles are
neutral: a browser's history list cannot be cleared.
"""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from pathway_bot.extensions import runtime
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import where_now
from pathway_bot.web.locale import t
from pathway_bot.web.rendering import questions_under_way, render_danger

SEE_OTHER = 303
log = logging.getLogger(__name__)


@bp.get("/exit")
def quick_exit() -> Response:
    """Leave at once for an everyday site, and let go of the conversation: with the session
    cookie gone, no page here shows an answer again and the start page offers no way back.
    The answers stay stored (until purged) but this browser no longer holds them."""
    held = chat_session.credentials()
    session.clear()
    if held is not None:
        _let_go(*held)
    return redirect(runtime().area.quick_exit_url, SEE_OTHER)


def _let_go(conversation_id: str, token: str) -> None:
    # Leaving must never fail or wait on an error page: whatever goes wrong, the person
    # still leaves, and the cookie is gone already.
    try:
        runtime().conversations.let_go(conversation_id, token)
    except Exception as error:
        log.warning("quick exit could not revoke the conversation's token: %s",
                    type(error).__name__)


@bp.get("/help")
def danger_page() -> str:
    """Who to call first; then, during the questions, a way back to them or to say it has
    been reported. Nothing is ended here: the page only shows help."""
    return render_danger()


@bp.get("/help/reported")
def reported() -> str | Response:
    if questions_under_way() is None:
        return redirect(url_for("web.danger_page"))
    return render_template("reported.html", error=None)


@bp.post("/help/reported")
def report_whether_hurt() -> str | Response | tuple[str, int]:
    """Only a plain "yes, someone is being hurt" ends the questions with the safeguarding
    outcome; "no" goes back to the question being asked, every answer kept."""
    view = questions_under_way()
    if view is None:
        return redirect(url_for("web.danger_page"), SEE_OTHER)
    answer = request.form.get("hurt")
    if answer not in ("yes", "no"):
        return render_template("reported.html", error=t("web.reported.error")), 422
    if answer == "yes":
        held = chat_session.credentials()
        assert held is not None
        view = runtime().conversations.report_harm(*held)
    return redirect(where_now(view), SEE_OTHER)


@bp.route("/someone-is-in-danger", methods=["GET", "POST"])
def someone_is_in_danger() -> Response:
    """The old address of the help page (pages from before may still post to it): it shows
    the help and ends nothing."""
    return redirect(url_for("web.danger_page"), SEE_OTHER)

