"""What a family may tell us once they have their outcome: whether it helped (and each
suggested service), and, where the area has switched it on, equality monitoring answers.

Both need the conversation's token, and a finished conversation: they are asked after the
outcome, never during the questions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pathway_bot.conversations.present import Presenter
from pathway_bot.conversations.service import Conversations, ConversationView
from pathway_bot.engine.safety_check import StepHelp
from pathway_bot.errors import Conflict
from pathway_bot.insights.feedback import Feedback
from pathway_bot.insights.service import Insights

NOT_YET = "This is asked after the outcome: answer the questions first."


class AfterTheOutcome:
    def __init__(self, *, conversations: Conversations, presenter: Presenter,
                 insights: Insights):
        self.conversations = conversations
        self.presenter = presenter
        self.insights = insights

    def finished(self, conversation_id: str, token: str | None) -> ConversationView:
        view = self.conversations.open(conversation_id, token)
        if view.decision is None:
            raise Conflict(NOT_YET)
        return view

    def suggested_services(self, view: ConversationView) -> list[dict[str, Any]]:
        shown = self.presenter.outcome(view) or {}
        return [*shown.get("services", ()), *shown.get("might_not_know", ())]

    def feedback(self, session: Session, conversation_id: str, token: str | None,
                 feedback: Feedback) -> dict[str, Any]:
        """Keep the answer: {"comment_kept": bool, "help": the help to show at once, or
        None}. Help comes when the comment suggests harm or self-harm (its words are then
        not kept)."""
        view = self.finished(conversation_id, token)
        assert view.decision is not None
        services = {s["id"] for s in self.suggested_services(view) if s.get("id")}
        kept = self.insights.feedback(session, view.conversation, feedback,
                                      district=view.decision.profile.district,
                                      suggested_services=services)
        help_shown = None
        if kept.finding is not None:
            profile = view.decision.profile
            help_shown = self.presenter.help(
                StepHelp(kept.finding.kind, kept.finding.kinds, profile.respondent,
                         profile.age, area=view.conversation.area), view.conversation.locale)
        return {"comment_kept": kept.comment_kept, "help": help_shown}

    def equality(self, session: Session, conversation_id: str, token: str | None,
                 answers: dict[str, str | None]) -> None:
        view = self.finished(conversation_id, token)
        assert view.decision is not None
        self.insights.equality_answers(session, view.conversation, answers,
                                       district=view.decision.profile.district)
