"""Without JavaScript: free text that suggests harm or self-harm brings help at once and a
confirming question, a page like the others."""

from __future__ import annotations

from tests.support.scripted import scripted_answer
from tests.web.helpers import ELIGIBLE

HARM_WORDS = "His stepdad hits him when he has been drinking."
SELF_HARM_WORDS = "She has been cutting herself and says she wants to die."


def answer_until_own_words(visitor, engine, profile=ELIGIBLE) -> None:
    while visitor.question != "own_words":
        visitor.answer(scripted_answer(engine.flow.questions[visitor.question], profile))


def test_words_suggesting_harm_show_help_above_the_confirming_question(visitor, family_engine):
    visitor.start()
    answer_until_own_words(visitor, family_engine)
    visitor.answer(HARM_WORDS)
    page = visitor.page
    assert visitor.question == "safety_check" and visitor.path.startswith("/q/")
    assert 'data-help="harm"' in page and 'href="tel:999"' in page and "01452 426565" in page
    assert page.index('data-help="harm"') < page.index("Is a child or young person being hurt")
    assert "<script" not in page.split('data-help="harm"')[1].split("</section>")[0]


def test_yes_to_harm_goes_to_the_safeguarding_help(visitor, family_engine):
    visitor.start()
    answer_until_own_words(visitor, family_engine)
    visitor.answer(HARM_WORDS)
    visitor.answer(True)
    assert visitor.path == "/outcome" and 'href="tel:999"' in visitor.page


def test_self_harm_shows_the_crisis_line_and_the_questions_go_on(visitor, family_engine):
    visitor.start()
    answer_until_own_words(visitor, family_engine)
    visitor.answer(SELF_HARM_WORDS)
    assert 'data-help="self_harm"' in visitor.page and "0800 169 0398" in visitor.page
    visitor.answer(True)
    assert visitor.question == "consent"
    assert 'data-help="self_harm"' in visitor.page and "0800 169 0398" in visitor.page
    visitor.answer(True)
    visitor.get("/outcome")
    assert "0800 169 0398" in visitor.page and "Ask for support" in visitor.page


def test_no_to_the_check_carries_on_without_help(visitor, family_engine):
    visitor.start()
    answer_until_own_words(visitor, family_engine)
    visitor.answer(HARM_WORDS)
    visitor.answer(False)
    assert visitor.question == "consent" and "data-help" not in visitor.page


def test_the_check_is_listed_with_the_words_it_asked(visitor, family_engine):
    visitor.start()
    answer_until_own_words(visitor, family_engine)
    visitor.answer(SELF_HARM_WORDS)
    visitor.answer(False)
    visitor.answer(True)
    assert visitor.path == "/check-answers"
    assert "hurting themselves? Or thinking of ending their life?" in visitor.page


def test_a_young_child_s_crisis_help_leaves_out_the_line_for_11_and_over(visitor,
                                                                          family_engine):
    visitor.start()
    answer_until_own_words(visitor, family_engine, {**ELIGIBLE, "age": 9})
    visitor.answer(SELF_HARM_WORDS)
    page = visitor.page
    assert "0800 169 0398" not in page
    assert "0800 1111" in page and 'href="tel:111"' in page and "GP" in page


def test_a_practitioner_reporting_harm_is_told_to_follow_their_own_procedures(visitor):
    visitor.start("practitioner")
    visitor.answer(True)
    page = visitor.page
    assert visitor.path == "/outcome"
    assert "designated safeguarding lead" in page and "MARF" in page
    assert "You told us someone may be hurting a child" not in page
