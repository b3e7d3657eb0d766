"""Going back along the path to change an earlier answer (the web chat's change links)."""

import pytest

from pathway_bot.errors import NotCurrentQuestion
from pathway_bot.persistence.base import utcnow


def answered(runtime, *answers):
    view, token = runtime.conversations.start(flow="family", locale="en", now=utcnow())
    for question, answer in answers:
        view = runtime.conversations.answer(view.conversation.id, token, question, answer,
                               utcnow())
    return view.conversation.id, token


def test_an_earlier_question_is_shown_with_its_answer_and_nothing_is_stored(runtime):
    conversation_id, token = answered(runtime, ("harm", False), ("age", 8))
    view = runtime.conversations.question_on_path(conversation_id, token, "harm")
    assert view.step.question.id == "harm" and view.step.kept_answer is False
    assert runtime.conversations.open(conversation_id, token).snapshot.state \
        == "postcode"


def test_changing_an_earlier_answer_carries_on_from_that_question_keeping_later_answers(
        runtime):
    conversation_id, token = answered(runtime, ("harm", False), ("age", 8),
                                      ("postcode", "GL5 1AA"))
    view = runtime.conversations.change_answer(conversation_id, token, "age", 9, utcnow())
    assert view.snapshot.state == "postcode"
    assert view.step.kept_answer == "GL5 1AA"
    assert view.answers["age"] == 9


def test_a_question_not_yet_asked_cannot_be_reached(runtime):
    conversation_id, token = answered(runtime, ("harm", False))
    with pytest.raises(NotCurrentQuestion):
        runtime.conversations.question_on_path(conversation_id, token, "consent")
    with pytest.raises(NotCurrentQuestion):
        runtime.conversations.change_answer(conversation_id, token, "consent", True, utcnow())


def test_answering_the_current_question_through_change_is_an_ordinary_answer(runtime):
    conversation_id, token = answered(runtime, ("harm", False))
    view = runtime.conversations.change_answer(conversation_id, token, "age", 8, utcnow())
    assert view.snapshot.state == "postcode"


def test_the_same_answer_sent_twice_changes_nothing(runtime):
    conversation_id, token = answered(runtime, ("harm", False), ("age", 8))
    view = runtime.conversations.change_answer(conversation_id, token, "age", 8, utcnow())
    assert view.snapshot.state == "postcode" and view.snapshot.path == ("harm", "age")


def test_after_harm_was_reported_an_earlier_answer_can_still_be_changed(runtime):
    conversation_id, token = answered(runtime, ("harm", False), ("age", 8))
    runtime.conversations.report_harm(conversation_id, token, utcnow())
    view = runtime.conversations.change_answer(conversation_id, token, "age", 10, utcnow())
    assert view.snapshot.state == "postcode" and not view.finished
