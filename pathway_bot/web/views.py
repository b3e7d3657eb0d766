"""The conversation pages: one question a page, check your answers, the outcome, a summary."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.conversations.service import ConversationView
from pathway_bot.errors import (
    Conflict,
    ConversationFinished,
    NotCurrentQuestion,
    NotFound,
    UnknownQuestion,
)
from pathway_bot.extensions import db_session, rate_limited, runtime
from pathway_bot.flows.model import END_SAFEGUARDING
from pathway_bot.web import chat_session
from pathway_bot.web.answers import answered_questions, form_value
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import flow_of, previous_question, where_now
from pathway_bot.web.locale import current_locale, t
from pathway_bot.web.rendering import render_start, support_request_for

SEE_OTHER = 303

def _held() -> tuple[str, str]:
    held = chat_session.credentials()
    if held is None:
        raise NotFound("no conversation in this browser")
    return held


def _finished_view() -> ConversationView:
    view = chat_session.current_view()
    if view is None:
        raise NotFound("no conversation in this browser")
    if not view.finished:
        raise NotCurrentQuestion("not finished yet")
    return view


@bp.post("/start")
@rate_limited("ratelimit_start")
def start() -> Response | tuple[str, int]:
    who = request.form.get("who", "")
    offered = {choice.who for choice in runtime().flows.start_choices()}
    if who not in offered:
        return render_start(error=t("web.start.error.who")), 422
    flow = runtime().flows.flow_for_respondent(who).name
    view, token = runtime().conversations.start(flow=flow, locale=current_locale())
    chat_session.remember(view, token)
    return redirect(where_now(view), SEE_OTHER)


@bp.get("/question")
def current_question() -> Response:
    view = chat_session.current_view()
    if view is None:
        return redirect(url_for("web.session_ended"))
    return redirect(where_now(view))


@bp.get("/questions/<question_id>")
def question_page(question_id: str) -> str:
    view = runtime().conversations.question_on_path(*_held(), question_id)
    return render_question(view)


@bp.post("/questions/<question_id>")
@rate_limited("ratelimit_answers")
def answer(question_id: str) -> Response | tuple[str, int]:
    try:
        posted = runtime().conversations.answer_form(*_held(), question_id,
                                                     request.form.getlist("answer"))
    except UnknownQuestion:
        abort(404)
    if posted.invalid is not None:
        invalid = posted.invalid
        error = runtime().text(invalid.message_id, current_locale(), **invalid.params)
        shown = request.form.getlist("answer")
        step = posted.view.step
        kept = shown if step and step.question.type == "multi" else (shown[0] if shown else None)
        return render_question(posted.view, error=error, posted=kept), 422
    return redirect(where_now(posted.view), SEE_OTHER)


def render_question(view: ConversationView, *, error: str | None = None,
                    posted: str | list[str] | None = None) -> str:
    locale, catalogs = current_locale(), runtime().catalogs
    step = view.step
    if step is None:
        raise ConversationFinished("finished")
    previous = previous_question(view)
    return render_template(
        "question.html",
        step=runtime().presenter.step(step, locale),
        value=posted if posted is not None else form_value(step.question, step.kept_answer),
        error=error,
        back_url=url_for("web.question_page", question_id=previous) if previous
        else url_for("web.start_page"),
        history=answered_questions(flow_of(view), view.snapshot, catalogs, locale),
    )


@bp.get("/check-answers")
def check_answers() -> str | Response:
    view = _finished_view()
    if view.snapshot.state == END_SAFEGUARDING:
        return redirect(url_for("web.outcome"))
    rows = answered_questions(flow_of(view), view.snapshot, runtime().catalogs,
                              current_locale())
    return render_template("check_answers.html", rows=rows)


def _outcome_context(view: ConversationView) -> dict:
    locale = current_locale()
    return {
        "outcome": runtime().presenter.outcome(view, locale),
        "rows": answered_questions(flow_of(view), view.snapshot, runtime().catalogs, locale),
        "local_offer_url": runtime().area.local_offer_url,
        "support_request": support_request_for(view),
    }


@bp.get("/outcome")
def outcome() -> str:
    return render_template("outcome.html", **_outcome_context(_finished_view()))


@bp.get("/summary")
def summary() -> str:
    return render_template("summary.html", **_outcome_context(_finished_view()))


@bp.post("/restart")
def restart() -> Response:
    view = runtime().conversations.restart(*_held())
    return redirect(where_now(view), SEE_OTHER)


@bp.post("/erase")
def erase() -> str:
    runtime().conversations.erase(db_session(), *_held())
    chat_session.forget()
    return render_template("erased.html")


@bp.errorhandler(NotFound)
def conversation_not_found(_error: NotFound) -> Response:
    chat_session.forget()
    return redirect(url_for("web.session_ended"), SEE_OTHER)


@bp.errorhandler(NotCurrentQuestion)
@bp.errorhandler(ConversationFinished)
@bp.errorhandler(Conflict)
def somewhere_else(_error) -> Response:
    """An old page, another tab or a repeated click: go to where the conversation is now."""
    view = chat_session.current_view()
    if view is None:
        return redirect(url_for("web.session_ended"), SEE_OTHER)
    return redirect(where_now(view), SEE_OTHER)
