"""After the outcome: "Was this helpful?" (the conversation, and each suggested service) and,
where the area has switched it on, the optional equality monitoring questions."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.conversations.service import ConversationView
from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.extensions import db_session, runtime
from pathway_bot.insights.equality import CHOICES
from pathway_bot.insights.feedback import COMMENT_MAX_LENGTH, Feedback
from pathway_bot.insights.figures import CONVERSATION_SUBJECT
from pathway_bot.web import chat_session
from pathway_bot.web.blueprint import never_cache
from pathway_bot.web.errors import register_page_errors
from pathway_bot.web.locale import current_locale, t
from pathway_bot.web.security import protect_forms

bp = Blueprint("web_after_outcome", __name__)
bp.after_request(never_cache)
register_page_errors(bp)
protect_forms(bp)

SEE_OTHER = 303
YES_NO = ("yes", "no")
SERVICE_ANSWERS = ("yes", "no", "not_used")


def _finished_view() -> ConversationView:
    view = chat_session.current_view()
    if view is None:
        raise NotFound("no conversation in this browser")
    return view


def _services(view: ConversationView) -> list[dict]:
    shown = runtime().presenter.outcome(view, current_locale()) or {}
    return [s for s in (*shown.get("services", ()), *shown.get("might_not_know", ()))
            if s.get("id")]


def equality_offered() -> bool:
    return runtime().area.equality_monitoring


@bp.app_context_processor
def _offers() -> dict[str, bool]:
    return {"equality_monitoring": equality_offered()}


def _feedback_page(view, values, errors, status=200):
    error_list = [(name, message) for name, message in errors.items()]
    return render_template("feedback.html", services=_services(view), values=values,
                           errors=errors, error_list=error_list,
                           comment_max=COMMENT_MAX_LENGTH), status


@bp.get("/feedback")
def feedback_form():
    view = _finished_view()
    if view.decision is None:
        return redirect(url_for("web.current_question"))
    return _feedback_page(view, {}, {})


@bp.post("/feedback")
def give_feedback():
    view = _finished_view()
    if view.decision is None:
        return redirect(url_for("web.current_question"))
    values = {name: request.form.get(name, "") for name in request.form}
    services = _services(view)
    errors: dict[str, str] = {}
    helpful = values.get("helpful")
    comment = values.get("comment", "").strip()
    if helpful not in YES_NO:
        errors["helpful"] = t("web.feedback.error.helpful")
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = t("web.feedback.error.comment", most=COMMENT_MAX_LENGTH)
    if errors:
        return _feedback_page(view, values, errors, 400)
    held = chat_session.credentials_or_not_found()
    after = runtime().after_outcome
    try:
        kept = after.feedback(db_session(), *held,
                              Feedback(CONVERSATION_SUBJECT, helpful == "yes", comment or None))
        for service in services:
            answer = values.get(f"service-{service['id']}")
            if answer in YES_NO:
                after.feedback(db_session(), *held, Feedback(service["id"], answer == "yes"))
    except ValidationFailed:
        return _feedback_page(view, values, {"comment": t("web.feedback.error.comment",
                                                          most=COMMENT_MAX_LENGTH)}, 400)
    if kept["help"] is not None:
        return render_template("feedback_help.html", help=kept["help"],
                               equality=equality_offered())
    return redirect(url_for("web_after_outcome.thanks"), SEE_OTHER)


@bp.get("/feedback/thank-you")
def thanks() -> str:
    _finished_view()
    return render_template("feedback_thanks.html", equality=equality_offered())


@bp.get("/about-the-child")
def equality_form():
    view = _finished_view()
    if not equality_offered() or view.decision is None:
        return redirect(url_for("web.outcome"))
    return render_template("equality.html", choices=CHOICES, values={}, errors={})


@bp.post("/about-the-child")
def give_equality() -> Response | tuple[str, int]:
    view = _finished_view()
    if not equality_offered() or view.decision is None:
        return redirect(url_for("web.outcome"), SEE_OTHER)
    answers = {q: request.form.get(q) or None for q in CHOICES}
    errors = {q: t("web.equality.error") for q, a in answers.items()
              if a is not None and a not in CHOICES[q]}
    if errors:
        return render_template("equality.html", choices=CHOICES, values=answers,
                               errors=errors), 400
    runtime().after_outcome.equality(db_session(), *chat_session.credentials_or_not_found(),
                                     answers)
    return redirect(url_for("web_after_outcome.equality_thanks"), SEE_OTHER)


@bp.get("/about-the-child/thank-you")
def equality_thanks() -> str:
    _finished_view()
    return render_template("equality_thanks.html")
