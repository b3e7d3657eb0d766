"""Quick exit, small screens, and screenshots for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import press_button, start_by_keyboard, walk_by_keyboard
from tests.web.helpers import ELIGIBLE, child_form

pytestmark = pytest.mark.browser


def test_quick_exit_replaces_the_page_and_leaves_no_history_entry(page, quick_exit_site):
    page.goto("/privacy")
    page.goto("/")
    press_button(page, "a.quick-exit")
    page.wait_for_url(quick_exit_site)
    page.go_back()
    # The page the person left from is gone from history: back goes to the one before it.
    assert page.evaluate("() => location.pathname") == "/privacy"


def test_quick_exit_without_javascript_is_a_plain_link(page_without_js, quick_exit_site):
    page_without_js.goto("/")
    press_button(page_without_js, "a.quick-exit")
    page_without_js.wait_for_url(quick_exit_site)
    assert page_without_js.locator("h1").inner_text() == "Weather forecast"


@pytest.mark.parametrize("width", [320, 375])
def test_pages_fit_a_small_phone_without_sideways_scrolling(new_page, runtime_for_flows,
                                                             width):
    page = new_page(javascript=True, width=width, height=640)
    start_by_keyboard(page, "parent_carer")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    walk_by_keyboard(page, ELIGIBLE, runtime_for_flows.engines.get("family"))
    page.goto("/outcome")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_main_pages(new_page, runtime_for_flows, screenshots, width):
    page = new_page(javascript=True, width=width, height=900)
    page.goto("/")
    page.screenshot(path=screenshots / f"start-{width}.png", full_page=True)
    start_by_keyboard(page, "parent_carer")
    engine = runtime_for_flows.engines.get("family")
    profile = ELIGIBLE
    # A few answers first, so the chat shows a conversation.
    from tests.browser.keyboard import answer_question, wait_for_move
    from tests.support.scripted import scripted_answer

    for number, question_id in enumerate(("harm", "age", "postcode"), start=1):
        question = engine.flow.questions[question_id]
        answer_question(page, question, scripted_answer(question, profile))
        wait_for_move(page, f"/q/{number}")
    page.screenshot(path=screenshots / f"question-{width}.png", full_page=True)
    walk_by_keyboard(page, profile, engine)
    page.goto("/outcome")
    page.screenshot(path=screenshots / f"outcome-{width}.png", full_page=True)
    page.goto("/request")
    for box, value in child_form().items():
        page.fill(f"#{box}", value)
    page.fill("#phone", "07700 900123")
    page.check("#consent")
    page.click("form button[type=submit].button")
    page.wait_for_url("**/request/confirmation")
    page.screenshot(path=screenshots / f"confirmation-{width}.png", full_page=True)
