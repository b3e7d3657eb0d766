"""Answers in words, for the chat history, check your answers and the printed summary."""

from __future__ import annotations

from typing import Any

from pathway_bot.engine import FlowEngine, Snapshot
from pathway_bot.engine.safety_check import asked_question
from pathway_bot.flows.model import Flow, Question
from pathway_bot.i18n import Catalogs


def answer_in_words(engine: FlowEngine, snapshot: Snapshot, question: Question, value: Any,
                    catalogs: Catalogs, locale: str) -> str:
    if value is None or value == [] or value == "":
        return catalogs.text("web.answers.not_given", locale)
    if isinstance(value, bool):
        return catalogs.text("answer.yes" if value else "answer.no", locale)
    if isinstance(value, list):
        return ", ".join(_option_label(engine, snapshot, question, item, catalogs, locale)
                         for item in value)
    if question.options:
        return _option_label(engine, snapshot, question, value, catalogs, locale)
    return str(value)


def _option_label(engine: FlowEngine, snapshot: Snapshot, question: Question, value: Any,
                  catalogs: Catalogs, locale: str) -> str:
    option = engine.option_chosen(snapshot, question.id, value)
    if option is None:
        option = next((o for o in question.options if o.value == value), None)
    return catalogs.text(option.label, locale) if option else str(value)


def questions_asked(flow: Flow, snapshot: Snapshot) -> list[str]:
    """The questions answered so far, in the order they were asked; a place on the path that
    is not a question (harm reported with "someone is in danger") is left out."""
    return [qid for qid in snapshot.path if qid in flow.questions]


def answered_questions(engine: FlowEngine, snapshot: Snapshot, catalogs: Catalogs,
                       locale: str) -> list[dict[str, Any]]:
    """Each question on the path with its answer, in the order they were asked, with its
    place in the conversation (`number`) for the link that changes it. Each answer is worded
    with the label the person saw for it (`FlowEngine.option_chosen`)."""
    flow = engine.flow
    answers = snapshot.answers_on_path()
    rows = []
    for number, question_id in enumerate(questions_asked(flow, snapshot), start=1):
        if question_id not in answers:
            continue
        question = asked_question(flow, snapshot.answers, question_id)
        rows.append({"id": question_id, "number": number,
                     "question": catalogs.text(question.text, locale),
                     "answer": answer_in_words(engine, snapshot, question,
                                               answers[question_id], catalogs, locale)})
    return rows


def form_value(question: Question, value: Any) -> Any:
    """An answer as the form shows it again: option values and words, as text."""
    if value is None:
        return [] if question.type == "multi" else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)
