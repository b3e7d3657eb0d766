"""Where a conversation is now, as a page: its question, check your answers, or the outcome.

A question's page is named by its place in the conversation (`/q/3`), never by what it asks:
a browser's history list cannot be cleared, so its URLs and titles must give nothing away.
"""

from __future__ import annotations

from flask import url_for

from pathway_bot.conversations.service import ConversationView
from pathway_bot.engine import FlowEngine
from pathway_bot.extensions import runtime
from pathway_bot.flows.model import END_SAFEGUARDING, Flow
from pathway_bot.web.answers import questions_asked


def where_now(view: ConversationView) -> str:
    """The page for where the conversation stands; safeguarding skips straight to help."""
    if view.finished:
        if view.snapshot.state == END_SAFEGUARDING:
            return url_for("web.outcome")
        return url_for("web.check_answers")
    return question_url(len(asked_questions(view)) + 1)


def question_url(number: int) -> str:
    return url_for("web.question_page", number=number)


def flow_of(view: ConversationView) -> Flow:
    return engine_of(view).flow


def engine_of(view: ConversationView) -> FlowEngine:
    return runtime().conversations.engine_for(view.conversation)


def asked_questions(view: ConversationView) -> list[str]:
    return questions_asked(flow_of(view), view.snapshot)


def _reachable(view: ConversationView) -> list[str]:
    """The questions a page may show: those answered, then the one being asked."""
    reachable = asked_questions(view)
    if not view.finished:
        reachable.append(view.snapshot.state)
    return reachable


def question_at(view: ConversationView, number: int) -> str | None:
    """The question asked at this place (1 is the first), or None past the current one."""
    reachable = _reachable(view)
    return reachable[number - 1] if 1 <= number <= len(reachable) else None


def question_number(view: ConversationView, question_id: str) -> int | None:
    """Where this question was asked, or None if it has not been reached."""
    reachable = _reachable(view)
    return reachable.index(question_id) + 1 if question_id in reachable else None
