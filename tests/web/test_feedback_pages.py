"""After the outcome in the web chat: "Was this helpful?" and, where switched on, the
optional equality monitoring questions."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from pathway_bot.persistence.models.insights import EqualityAnswer, FeedbackAnswer
from tests.insights_factories import profile_for

SELF_HARM_WORDS = "She has been cutting herself and says she wants to die."


def _at_the_outcome(visitor, family_engine):
    visitor.start()
    visitor.walk(profile_for("stroud", 9), family_engine)
    assert visitor.path == "/check-answers"
    visitor.get("/outcome")


def _rows(runtime, model):
    with runtime.database.session() as session:
        return list(session.scalars(select(model)))


def test_the_outcome_asks_whether_it_helped(visitor, family_engine):
    _at_the_outcome(visitor, family_engine)
    assert 'href="/feedback"' in visitor.page


def test_feedback_is_kept_for_the_conversation_and_each_service_answered(visitor, runtime,
                                                                         family_engine):
    _at_the_outcome(visitor, family_engine)
    visitor.get("/feedback")
    assert "do not type any names" in visitor.page
    service = visitor.page.split('name="service-', 1)[1].split('"', 1)[0]
    visitor.post("/feedback", {"helpful": "yes", "comment": "Quick and clear",
                               f"service-{service}": "no"})
    assert visitor.path == "/feedback/thank-you"
    kept = {(r.subject, r.helpful, r.comment) for r in _rows(runtime, FeedbackAnswer)}
    assert kept == {("conversation", True, "Quick and clear"), (service, False, None)}


def test_no_answer_to_whether_it_helped_shows_an_error_summary_and_keeps_nothing(
        visitor, runtime, family_engine):
    _at_the_outcome(visitor, family_engine)
    visitor.get("/feedback")
    response = visitor.post("/feedback", {"comment": "hmm"})
    assert response.status_code == 400
    assert 'class="error-summary"' in visitor.page and 'href="#helpful"' in visitor.page
    assert _rows(runtime, FeedbackAnswer) == []


def test_a_comment_that_suggests_self_harm_shows_help_at_once(visitor, runtime, family_engine):
    _at_the_outcome(visitor, family_engine)
    visitor.get("/feedback")
    visitor.post("/feedback", {"helpful": "no", "comment": SELF_HARM_WORDS})
    assert 'data-help="self_harm"' in visitor.page
    assert [r.comment for r in _rows(runtime, FeedbackAnswer)] == [None]


def test_equality_questions_are_not_offered_until_the_area_switches_them_on(visitor,
                                                                           family_engine):
    _at_the_outcome(visitor, family_engine)
    assert "/about-the-child" not in visitor.page
    visitor.get("/about-the-child")
    assert visitor.path == "/outcome"


def test_equality_answers_are_optional_and_say_why_they_are_asked(visitor, runtime,
                                                                  family_engine):
    runtime.area = dataclasses.replace(runtime.area, equality_monitoring=True)
    runtime.insights.area = runtime.area
    _at_the_outcome(visitor, family_engine)
    assert 'href="/about-the-child"' in visitor.page
    visitor.get("/about-the-child")
    assert "Why we ask" in visitor.page and visitor.page.count("Prefer not to say") == 3
    visitor.post("/about-the-child", {"gender": "prefer_not_to_say"})
    assert visitor.path == "/about-the-child/thank-you"
    (row,) = _rows(runtime, EqualityAnswer)
    assert (row.ethnicity, row.gender, row.disability) == (None, "prefer_not_to_say", None)
