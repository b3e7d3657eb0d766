"""The conversation pages: one question a page, check your answers, the outcome, a summary."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.conversations import service
from pathway_bot.conversations.present import present_conversation_outcome, present_step
from pathway_bot.conversations.service import ConversationView
from pathway_bot.engine.answers import answer_from_form
from pathway_bot.errors import (
    Conflict,
    ConversationFinished,
    InvalidAnswer,
    NotCurrentQuestion,
    NotFound,
)
from pathway_bot.extensions import db_session, rate_limited, runtime
from pathway_bot.flows.model import END_SAFEGUARDING
from pathway_bot.persistence.base import utcnow
from pathway_bot.web import chat_session
from pathway_bot.web.answers import answered_questions, form_value
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import flow_of, previous_question, where_now
from pathway_bot.web.locale import current_locale, t
from pathway_bot.web.outcome_extras import outcome_extras

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
        from pathway_bot.web.pages import render_start

        return render_start(error=t("web.start.error.who")), 422
    flow = runtime().flows.flow_for_respondent(who).name
    view, token = service.start_conversation(runtime(), flow=flow,
                                             locale=current_locale(), now=utcnow())
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
    view = service.question_on_path(runtime(), *_held(), question_id)
    return render_question(view)


@bp.post("/questions/<question_id>")
@rate_limited("ratelimit_answers")
def answer(question_id: str) -> Response | tuple[str, int]:
    held = _held()
    view = chat_session.current_view()
    question = flow_of(view).questions.get(question_id) if view else None
    if question is None:
        abort(404)
    raw = request.form.getlist("answer") if question.type == "multi" \
        else request.form.get("answer")
    try:
        view = service.change_answer(runtime(), *held, question_id,
                                     answer_from_form(question, raw), utcnow())
    except InvalidAnswer as invalid:
        shown = service.question_on_path(runtime(), *held, question_id)
        error = runtime().text(invalid.message_id, current_locale(), **invalid.params)
        return render_question(shown, error=error, posted=raw), 422
    return redirect(where_now(view), SEE_OTHER)


def render_question(view: ConversationView, *, error: str | None = None,
                    posted: str | list[str] | None = None) -> str:
    locale, catalogs = current_locale(), runtime().catalogs
    step = view.step
    if step is None:
        raise ConversationFinished("finished")
    previous = previous_question(view)
    return render_template(
        "question.html",
        step=present_step(step, catalogs, locale),
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
        "outcome": present_conversation_outcome(runtime(), view, locale),
        "rows": answered_questions(flow_of(view), view.snapshot, runtime().catalogs, locale),
        "local_offer_url": runtime().area.local_offer_url,
        **outcome_extras(view),
    }


@bp.get("/outcome")
def outcome() -> str:
    return render_template("outcome.html", **_outcome_context(_finished_view()))


@bp.get("/summary")
def summary() -> str:
    return render_template("summary.html", **_outcome_context(_finished_view()))


@bp.post("/restart")
def restart() -> Response:
    view = service.restart(runtime(), *_held(), utcnow())
    return redirect(where_now(view), SEE_OTHER)


@bp.post("/erase")
def erase() -> str:
    service.erase_conversation(db_session(), runtime(), *_held(), utcnow())
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
