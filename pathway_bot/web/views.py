"""The conversation pages: one question a page, check your answers, the outcome, a summary."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pathway_bot.conversations.service import ConversationView, FormAnswer
from pathway_bot.errors import (
    Conflict,
    ConversationFinished,
    NotCurrentQuestion,
    NotFound,
    UnknownQuestion,
)
from pathway_bot.extensions import fixed_area, rate_limited, runtime
from pathway_bot.flows.model import END_SAFEGUARDING
from pathway_bot.observability.metrics import request_metrics
from pathway_bot.web import chat_session
from pathway_bot.web.answers import answered_questions, form_value
from pathway_bot.web.blueprint import bp
from pathway_bot.web.flow_pages import (
    asked_questions,
    engine_of,
    flow_of,
    question_at,
    question_number,
    question_url,
    where_now,
)
from pathway_bot.web.locale import current_locale, t
from pathway_bot.web.printing import printed_summary
from pathway_bot.web.rendering import render_start, support_request_for

SEE_OTHER = 303
TEMPORARY_REDIRECT = 307  # keeps the method and the form


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
    # A new conversation starts where this page is (its host or path prefix), else in the
    # home area: the postcode then takes it to the area it is in.
    area = fixed_area() or runtime().deployment.home.area.id
    view, token = runtime().conversations.start(flow=flow, locale=current_locale(), area=area)
    request_metrics().conversation_started(flow)
    chat_session.remember(view, token)
    return redirect(where_now(view), SEE_OTHER)


@bp.get("/question")
def current_question() -> Response:
    view = chat_session.current_view()
    if view is None:
        return redirect(url_for("web.session_ended"))
    return redirect(where_now(view))


@bp.get("/q/<int:number>")
def question_page(number: int) -> str | Response:
    conversations = runtime().conversations
    view = conversations.open(*chat_session.credentials_or_not_found())
    question_id = question_at(view, number)
    if question_id is None:
        raise NotCurrentQuestion("not reached yet")
    return render_question(conversations.as_it_stood(view.conversation, question_id))


@bp.post("/q/<int:number>")
@rate_limited("ratelimit_answers")
def answer(number: int) -> Response | tuple[str, int]:
    held = chat_session.credentials_or_not_found()
    # The form names its question: another tab may have changed what is asked at `number`.
    question_id = request.form.get("question") or \
        question_at(runtime().conversations.open(*held), number)
    if question_id is None:
        raise NotCurrentQuestion("not reached yet")
    try:
        posted = runtime().conversations.answer_form(*held, question_id,
                                                     request.form.getlist("answer"),
                                                     keep_later=_changing())
    except UnknownQuestion:
        abort(404)
    chat_session.follow(posted.view)
    if posted.invalid is not None:
        return _refused(posted)
    if posted.view.finished:
        request_metrics().conversation_finished(posted.view.conversation.flow)
    return redirect(_still_changing(where_now(posted.view)), SEE_OTHER)


def _changing() -> bool:
    """Reached from "Change" on check your answers: go back there once the change and any
    question it opens are answered."""
    return request.args.get("change") == "1"


def _still_changing(url: str) -> str:
    return f"{url}?change=1" if _changing() and "/q/" in url else url


@bp.route("/questions/<question_id>", methods=["GET", "POST"])
def question_by_old_url(question_id: str) -> Response:
    """Old links named the question; they now go to its place in the conversation (a POST
    is sent on with its form, 307)."""
    view = runtime().conversations.open(*chat_session.credentials_or_not_found())
    number = question_number(view, question_id)
    if number is None:
        if question_id not in flow_of(view).questions:
            abort(404)
        return redirect(where_now(view), SEE_OTHER)
    return redirect(question_url(number), TEMPORARY_REDIRECT if request.method == "POST"
                    else SEE_OTHER)


def _refused(posted: FormAnswer) -> tuple[str, int]:
    """The question again, with what was typed and why it cannot be taken."""
    invalid = posted.invalid
    assert invalid is not None
    error = runtime().text(invalid.message_id, current_locale(), **invalid.params)
    shown = request.form.getlist("answer")
    step = posted.view.step
    kept = shown if step and step.question.type == "multi" else (shown[0] if shown else None)
    return render_question(posted.view, error=error, posted=kept,
                           error_link=invalid.params.get("url")), 422


def render_question(view: ConversationView, *, error: str | None = None,
                    posted: str | list[str] | None = None,
                    error_link: str | None = None) -> str:
    locale, catalogs = current_locale(), runtime().catalogs
    step = view.step
    if step is None:
        raise ConversationFinished("finished")
    # The view stands at the question shown, so what came before it is what it asked.
    asked_before = len(asked_questions(view))
    return render_template(
        "question.html",
        step=runtime().presenter.step(step, locale),
        number=asked_before + 1,
        value=posted if posted is not None else form_value(step.question, step.kept_answer),
        error=error,
        back_url=question_url(asked_before) if asked_before else url_for("web.start_page"),
        history=answered_questions(engine_of(view), view.snapshot, catalogs, locale),
        changing=_changing(),
        error_link=error_link,
    )


@bp.get("/check-answers")
def check_answers() -> str | Response:
    view = _finished_view()
    if view.snapshot.state == END_SAFEGUARDING:
        return redirect(url_for("web.outcome"))
    rows = answered_questions(engine_of(view), view.snapshot, runtime().catalogs,
                              current_locale())
    return render_template("check_answers.html", rows=rows)


def _outcome_context(view: ConversationView) -> dict:
    locale = current_locale()
    return {
        "outcome": runtime().presenter.outcome(view, locale),
        "rows": answered_questions(engine_of(view), view.snapshot, runtime().catalogs, locale),
        "local_offer_url": runtime().area.local_offer_url,
        "support_request": support_request_for(view),
    }


@bp.get("/outcome")
def outcome() -> str:
    return render_template("outcome.html", **_outcome_context(_finished_view()))


@bp.get("/summary")
def summary() -> str:
    context = _outcome_context(_finished_view())
    return render_template("summary.html", **context,
                           **printed_summary(context["outcome"], context["support_request"]))


@bp.post("/restart")
def restart() -> Response:
    view = runtime().conversations.restart(*chat_session.credentials_or_not_found())
    return redirect(where_now(view), SEE_OTHER)


@bp.errorhandler(NotCurrentQuestion)
@bp.errorhandler(ConversationFinished)
@bp.errorhandler(Conflict)
def somewhere_else(_error) -> Response:
    """An old page, another tab or a repeated click: go to where the conversation is now."""
    view = chat_session.current_view()
    if view is None:
        return redirect(url_for("web.session_ended"), SEE_OTHER)
    return redirect(where_now(view), SEE_OTHER)
