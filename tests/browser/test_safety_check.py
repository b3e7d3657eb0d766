"""In Debian's Chromium: free text that suggests harm or self-harm shows help and a plain
confirming question, with or without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import (
    answer_question,
    current_question,
    press_button,
    start_by_keyboard,
    type_into,
    wait_for_move,
)
from tests.browser.test_accessibility import _axe_on
from tests.support.scripted import scripted_answer
from tests.web.helpers import ELIGIBLE

pytestmark = pytest.mark.browser

HARM_WORDS = "His stepdad hits him when he has been drinking."
SELF_HARM_WORDS = "She has been cutting herself and says she wants to die."


def answer_until_own_words(page, engine, profile=ELIGIBLE) -> None:
    while (question_id := current_question(page)) != "own_words":
        path = page.evaluate("() => location.pathname")
        question = engine.flow.questions[question_id]
        answer_question(page, question, scripted_answer(question, profile))
        wait_for_move(page, path)


def write_own_words(page, words: str) -> None:
    path = page.evaluate("() => location.pathname")
    type_into(page, "textarea[name=answer]", words)
    press_button(page, "form[data-chat-form] button[type=submit]")
    wait_for_move(page, path)


def say(page, engine, yes: bool) -> None:
    path = page.evaluate("() => location.pathname")
    answer_question(page, engine.flow.questions["safety_check"], yes)
    wait_for_move(page, path)


def test_a_harm_phrase_shows_help_and_the_confirming_question_without_javascript(
        page_without_js, runtime_for_flows):
    page, engine = page_without_js, runtime_for_flows.engines.get("family")
    start_by_keyboard(page, "parent_carer")
    answer_until_own_words(page, engine)
    write_own_words(page, HARM_WORDS)
    assert current_question(page) == "safety_check"
    help_panel = page.locator("[data-help=harm]")
    assert help_panel.is_visible() and "999" in help_panel.inner_text()
    assert "01452 426565" in help_panel.inner_text()
    assert "being hurt by someone" in page.locator("h1").inner_text()
    assert _axe_on(page, javascript=False) == ""
    say(page, engine, True)
    assert page.evaluate("() => location.pathname") == "/outcome"
    assert page.locator("a[href='tel:999']").first.is_visible()


def test_self_harm_shows_the_crisis_line_and_the_assessment_continues(page, runtime_for_flows):
    engine = runtime_for_flows.engines.get("family")
    start_by_keyboard(page, "parent_carer")
    answer_until_own_words(page, engine)
    write_own_words(page, SELF_HARM_WORDS)
    page.wait_for_selector("[data-help=self_harm]")
    assert current_question(page) == "safety_check"
    assert "0800 169 0398" in page.locator("[data-help=self_harm]").inner_text()
    assert _axe_on(page, javascript=True) == ""
    say(page, engine, True)
    page.wait_for_function("() => document.querySelector('input[name=question]')"
                           " && document.querySelector('input[name=question]').value"
                           " === 'consent'")
    assert "0800 169 0398" in page.locator("[data-help=self_harm]").inner_text()
    path = page.evaluate("() => location.pathname")
    answer_question(page, engine.flow.questions["consent"], True)
    page.wait_for_url("**/check-answers")
    assert path.startswith("/q/")
    page.goto("/outcome")
    assert "0800 169 0398" in page.content()
