"""Conversations in a person's language: the step of SPEC section 5 and the outcome."""

from __future__ import annotations

from typing import Any

from pathway_bot.assessment.outcome import present_outcome
from pathway_bot.conversations.service import ConversationView
from pathway_bot.directory.signposting import signpost
from pathway_bot.engine import Step
from pathway_bot.i18n import Catalogs
from pathway_bot.runtime import Runtime


def _maybe(catalogs: Catalogs, message_id: str | None, locale: str) -> str | None:
    return catalogs.text(message_id, locale) if message_id else None


def present_step(step: Step, catalogs: Catalogs, locale: str) -> dict[str, Any]:
    question = step.question
    return {
        "question": {
            "id": question.id,
            "text": catalogs.text(question.text, locale),
            "help": _maybe(catalogs, question.help, locale),
            "why": _maybe(catalogs, question.why, locale),
            "type": question.type,
            "options": [
                {"value": option.value, "label": catalogs.text(option.label, locale),
                 "hint": _maybe(catalogs, option.hint, locale),
                 "exclusive": option.exclusive}
                for option in step.options
            ],
            "required": question.required,
            "min": question.min,
            "max": question.max if question.type != "text" else question.max_length,
            "answer": step.kept_answer,
        },
        "progress": {"answered": step.progress.answered,
                     "estimated_total": step.progress.estimated_total},
    }


def present_conversation_outcome(runtime: Runtime, view: ConversationView,
                                 locale: str | None = None) -> dict[str, Any] | None:
    if view.decision is None:
        return None
    locale = locale or view.conversation.locale
    found = signpost(runtime, view.decision, locale)
    return present_outcome(view.decision, runtime.area, runtime.catalogs, locale,
                           services=found.services, might_not_know=found.might_not_know)


def present_conversation(runtime: Runtime, view: ConversationView,
                         *, with_answers: bool = True) -> dict[str, Any]:
    conversation = view.conversation
    locale = conversation.locale
    shown: dict[str, Any] = {
        "id": conversation.id,
        "flow": conversation.flow,
        "flow_version": conversation.flow_version,
        "locale": locale,
        "status": "finished" if view.finished else "in_progress",
        "step": present_step(view.step, runtime.catalogs, locale) if view.step else None,
        "outcome": present_conversation_outcome(runtime, view),
    }
    if with_answers:
        shown["answers"] = view.snapshot.answers_on_path()
    return shown
