"""Without JavaScript: one question a page, each answer posted and stored, to the outcome."""

import pytest

from tests.unit.conftest import VIGNETTES
from tests.web.helpers import ELIGIBLE


def stored_answers(visitor, runtime) -> dict:
    with visitor.client.session_transaction() as session:
        held = session["chat"]
    return runtime.conversations.open(held["id"], held["token"]).answers


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:40])
def test_every_story_reaches_the_same_outcome_as_the_engine_through_the_forms(
        visitor, runtime, vignette):
    profile = vignette["profile"]
    flow = runtime.flows.flow_for_respondent(profile["respondent"]).name
    visitor.start(profile["respondent"])
    visitor.walk(profile, runtime.engines.get(flow))
    expected = vignette["expected"]
    if expected["outcome"] != "safeguarding":
        assert visitor.path == "/check-answers"
        visitor.get("/outcome")
    assert visitor.path == "/outcome"
    page = visitor.page
    if expected["outcome"] == "tier":
        assert runtime.text(f"tier.{expected['tier']}", "en") in page
    assert ("Ask for support" in page) == expected["eligible"]


def test_each_answer_is_stored_as_soon_as_it_is_posted(visitor, runtime):
    visitor.start()
    visitor.answer(False)
    visitor.answer(8)
    assert stored_answers(visitor, runtime) == {"harm": False, "age": 8}
    assert visitor.path == "/q/3" and visitor.question == "postcode"


def test_a_question_page_has_a_back_link_progress_and_why_we_ask(visitor):
    visitor.start()
    visitor.answer(False)
    page = visitor.page
    assert 'class="back-link"' in page and 'href="/q/1"' in page
    assert "Question 2 of about" in page
    assert "Why we ask this" in page


def test_a_wrong_answer_shows_an_error_summary_linked_to_the_field(visitor, runtime):
    visitor.start()
    visitor.answer(False)
    response = visitor.answer("seven")
    assert response.status_code == 422
    page = visitor.page
    assert "<title>Error:" in page
    assert 'href="#answer"' in page and 'id="answer-error"' in page
    assert 'aria-describedby="question-hint answer-error"' in page
    assert runtime.text("error.whole_number", "en") in page
    assert 'value="seven"' in page


@pytest.mark.parametrize("typed", ["--5", "²", "9" * 5000],
                         ids=["two minus signs", "superscript", "5000 digits"])
def test_a_number_field_holding_something_else_is_a_clear_error_on_the_page(
        visitor, runtime, typed):
    visitor.start()
    visitor.answer(False)
    response = visitor.answer(typed)
    assert response.status_code == 422
    assert runtime.text("error.whole_number", "en") in visitor.page


def test_a_question_left_unanswered_says_so(visitor):
    visitor.start()
    response = visitor.post("/q/1", {"question": "harm"})
    assert response.status_code == 422 and "There is a problem" in visitor.page


def test_check_answers_lists_every_answer_with_a_change_link(visitor, family_engine, runtime):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    page = visitor.page
    assert visitor.path == "/check-answers"
    assert 'href="/q/2?change=1"' in page and "GL5 1AA" in page
    assert runtime.text("scale.impact.3", "en") in page


def test_changing_an_answer_returns_to_that_question_with_the_answer_kept(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.get("/q/2")
    assert 'value="12"' in visitor.page
    visitor.answer(13)
    assert visitor.path == "/q/3" and 'value="GL5 1AA"' in visitor.page
    assert stored_answers(visitor, runtime)["age"] == 13


def test_a_question_not_yet_reached_sends_you_to_the_current_one(visitor):
    visitor.start()
    visitor.get("/q/9")
    assert visitor.path == "/q/1"


def test_the_outcome_waits_until_the_questions_are_answered(visitor):
    visitor.start()
    visitor.get("/outcome")
    assert visitor.path == "/q/1"


def test_without_a_conversation_the_question_pages_say_how_to_start(visitor):
    visitor.get("/question")
    assert visitor.path == "/session-ended"


def test_the_summary_holds_answers_outcome_and_services_for_printing(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    page = visitor.get("/summary").get_data(as_text=True)
    assert "Your answers" in page and "Early intervention" in page
    assert "Services that could help" in page and "data-print" in page


def test_deleting_my_answers_erases_the_conversation(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.post("/erase")
    assert "Your answers have been deleted" in visitor.page
    visitor.get("/outcome")
    assert visitor.path == "/session-ended"


def test_starting_again_clears_the_answers(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.get("/outcome")
    visitor.post("/restart")
    assert visitor.path == "/q/1"


def test_choosing_nobody_on_the_start_page_is_an_error(visitor):
    visitor.get("/")
    response = visitor.post("/start", {})
    assert response.status_code == 422 and 'href="#who"' in visitor.page
