"""Where a conversation is now, as a page: its question, check your answers, or the outcome."""

from __future__ import annotations

from flask import url_for

from pathway_bot.conversations.service import ConversationView
from pathway_bot.extensions import runtime
from pathway_bot.flows.model import END_SAFEGUARDING, Flow


def where_now(view: ConversationView) -> str:
    """The page for where the conversation stands; safeguarding skips straight to help."""
    if view.finished:
        if view.snapshot.state == END_SAFEGUARDING:
            return url_for("web.outcome")
        return url_for("web.check_answers")
    return url_for("web.question_page", question_id=view.snapshot.state)


def flow_of(view: ConversationView) -> Flow:
    return runtime().conversations.engine_for(view.conversation).flow


def previous_question(view: ConversationView) -> str | None:
    """The question asked before this one, for the back link; None on the first."""
    questions = flow_of(view).questions
    asked = [qid for qid in view.snapshot.path if qid in questions]
    return asked[-1] if asked else None
