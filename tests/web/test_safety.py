"""Someone is in danger: help first, and the questions end only if someone is being hurt."""

import re

import pytest

from tests.web.helpers import ELIGIBLE
from tests.web.test_flow import stored_answers


def test_someone_is_in_danger_during_a_conversation_shows_help_and_ends_nothing(
        visitor, runtime):
    visitor.start()
    visitor.answer(False)
    visitor.get("/help")
    page = visitor.page
    assert "call 999 now" in page
    assert page.index("999") < page.index("01452 426565")
    assert "Go back to the questions" in page and "I&#39;ve reported it" in page
    assert stored_answers(visitor, runtime) == {"harm": False}
    assert visitor.get("/question").request.path == "/q/2"


def test_someone_is_in_danger_without_a_conversation_shows_999_and_the_front_door(visitor):
    visitor.get("/")
    visitor.post("/someone-is-in-danger")
    page = visitor.page
    assert visitor.response.status_code == 200
    assert 'href="tel:999"' in page and "01452 426565" in page
    assert page.index('href="tel:999"') < page.index("01452 426565")


def test_someone_is_in_danger_still_shows_who_to_call_when_the_form_has_expired(visitor):
    response = visitor.post("/someone-is-in-danger", with_token=False)
    assert response.status_code == 200 and 'href="tel:999"' in visitor.page


def test_answering_yes_to_harm_goes_straight_to_help(visitor):
    visitor.start()
    visitor.answer(True)
    assert visitor.path == "/outcome" and 'href="tel:999"' in visitor.page


def test_someone_is_in_danger_after_the_outcome_shows_the_danger_page(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.post("/someone-is-in-danger")
    assert 'href="tel:999"' in visitor.page


def test_the_quick_exit_is_a_plain_link_that_works_without_javascript(visitor):
    page = visitor.get("/").get_data(as_text=True)
    assert '<a href="/exit" class="quick-exit" data-quick-exit' in page


def test_going_back_to_the_questions_from_help_keeps_every_answer(visitor, runtime):
    visitor.start()
    visitor.answer(False)
    visitor.answer(8)
    visitor.get("/help")
    back = re.search(r'href="([^"]+)" class="button" data-back-to-questions', visitor.page)
    visitor.get(back.group(1))
    assert visitor.path == "/q/3" and visitor.question == "postcode"
    assert stored_answers(visitor, runtime) == {"harm": False, "age": 8}


def test_saying_no_one_is_being_hurt_goes_back_to_the_question_being_asked(visitor, runtime):
    visitor.start()
    visitor.answer(False)
    visitor.get("/help/reported")
    assert "Is someone hurting a child or young person" in visitor.page
    visitor.post("/help/reported", {"hurt": "no"})
    assert visitor.path == "/q/2"
    assert stored_answers(visitor, runtime) == {"harm": False}


def test_saying_someone_is_being_hurt_ends_the_questions_with_the_safeguarding_outcome(
        visitor):
    visitor.start()
    visitor.answer(False)
    visitor.post("/help/reported", {"hurt": "yes"})
    assert visitor.path == "/outcome"
    assert "call 999 now" in visitor.page and "Ask for support" not in visitor.page


def test_the_reported_question_left_unanswered_says_so(visitor):
    visitor.start()
    response = visitor.post("/help/reported", {})
    assert response.status_code == 422
    assert 'href="#hurt"' in visitor.page and 'id="hurt-error"' in visitor.page


def test_the_reported_question_still_shows_who_to_call_when_the_form_has_expired(visitor):
    visitor.start()
    response = visitor.post("/help/reported", {"hurt": "yes"}, with_token=False)
    assert response.status_code == 200 and 'href="tel:999"' in visitor.page


@pytest.mark.parametrize("finished", [False, True], ids=["no conversation", "finished"])
def test_the_reported_question_is_only_asked_while_the_questions_are_under_way(
        visitor, family_engine, finished):
    if finished:
        visitor.start()
        visitor.walk(ELIGIBLE, family_engine)
    visitor.get("/help/reported")
    assert visitor.path == "/help" and "Go back to the questions" not in visitor.page
    visitor.post("/help/reported", {"hurt": "yes"})
    assert visitor.path == "/help"


def test_the_help_page_is_named_neutrally(visitor):
    page = visitor.get("/help").get_data(as_text=True)
    assert "<title>Get help – " in page
