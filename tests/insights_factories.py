"""Conversations walked through the service as people would, for the insights tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.scripted import scripted_answer

STARTED = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)


def profile_for(district: str, age: int, **needs) -> dict:
    return {"age": age, "district": district, "respondent": "parent_carer",
            "needs": needs or {"social_emotional_mental_health": 3},
            "support_tried": "early_help", "progress_with_support": False,
            "has_ehcp": False, "risk_of_harm": False, "consent_to_share": True}


def walk(runtime, profile: dict, *, flow: str = "family", stop_after: int | None = None,
         now: datetime = STARTED, locale: str = "en"):
    """A conversation answered towards `profile`: to the end, or `stop_after` answers in.
    Returns (id, token, view)."""
    view, token = runtime.conversations.start(flow=flow, locale=locale, now=now)
    engine = runtime.conversations.engine_for(view.conversation)
    answered = 0
    while view.step is not None and (stop_after is None or answered < stop_after):
        question = engine.flow.questions[view.step.question.id]
        view = runtime.conversations.answer(view.conversation.id, token, question.id,
                                            scripted_answer(question, profile),
                                            now=now + timedelta(minutes=answered + 1))
        answered += 1
    return view.conversation.id, token, view
