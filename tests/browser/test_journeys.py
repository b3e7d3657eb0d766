"""Whole journeys by keyboard alone, with JavaScript (a chat) and without (one page each)."""

from __future__ import annotations

import re

import pytest

from tests.browser.keyboard import (
    choose_radio,
    focused,
    press_button,
    start_by_keyboard,
    tab_to,
    type_into,
    walk_by_keyboard,
)
from tests.web.helpers import ELIGIBLE, child_form

pytestmark = pytest.mark.browser

WHO = {"family": "parent_carer", "young_person": "young_person", "practitioner": "practitioner"}
STORIES = {
    "family": ELIGIBLE,
    "young_person": {**ELIGIBLE, "age": 17, "respondent": "young_person"},
    "practitioner": {**ELIGIBLE, "respondent": "practitioner"},
}


def to_outcome(page) -> None:
    if page.evaluate("() => location.pathname") == "/check-answers":
        press_button(page, "a.button[href='/outcome']")
        page.wait_for_url("**/outcome")


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
@pytest.mark.parametrize("flow", list(WHO))
def test_each_flow_is_completed_by_keyboard_alone_to_an_outcome(
        new_page, runtime_for_flows, flow, javascript):
    page = new_page(javascript=javascript)
    start_by_keyboard(page, WHO[flow])
    asked = walk_by_keyboard(page, STORIES[flow], runtime_for_flows.engines.get(flow))
    assert len(asked) > 8
    to_outcome(page)
    assert page.locator("h1").first.inner_text() == "Early intervention"
    assert page.get_by_role("link", name="Ask for support").is_visible()
    assert page.csp_errors == []


def test_with_javascript_the_questions_become_a_chat_that_announces_each_question(
        page, runtime_for_flows):
    start_by_keyboard(page, "parent_carer")
    choose_radio(page, "answer", "no")
    press_button(page, "form[data-chat-form] button[type=submit]")
    page.wait_for_url("**/q/2")
    # Focus moves to the new question and the live region announces it.
    assert focused(page, "[data-chat-question]")
    page.wait_for_function(
        "() => document.querySelector('[data-chat-announcer]').textContent.includes('old')")
    history = page.locator("[data-chat-history]")
    assert history.is_visible()
    assert history.locator(".message--you").first.inner_text().endswith("No")
    # The same stored conversation: a reload shows the same place and the same history.
    page.reload()
    assert page.locator("[data-chat-history] .message--you").count() == 1


def test_with_javascript_a_wrong_answer_focuses_the_error_summary(page):
    start_by_keyboard(page, "parent_carer")
    choose_radio(page, "answer", "no")
    press_button(page, "form[data-chat-form] button[type=submit]")
    page.wait_for_url("**/q/2")
    type_into(page, "input[name=answer]", "seven")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert focused(page, "[data-error-summary]")


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
def test_a_request_is_raised_and_then_tracked_by_keyboard(new_page, runtime_for_flows,
                                                          javascript):
    page = new_page(javascript=javascript)
    start_by_keyboard(page, "parent_carer")
    walk_by_keyboard(page, ELIGIBLE, runtime_for_flows.engines.get("family"))
    to_outcome(page)
    press_button(page, "a.button[href='/request']")
    page.wait_for_url("**/request")
    type_into(page, "#child_name", "Alex Example")
    for box, value in child_form().items():
        if box.startswith("dob_"):
            type_into(page, f"#{box}", value)
    type_into(page, "#name", "Sam")
    type_into(page, "#phone", "07700 900123")
    choose_radio(page, "preferred_contact_method", "phone")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    press_button(page, "form button[type=submit].button")
    page.wait_for_url("**/request/confirmation")
    reference = page.locator(".panel__reference").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    assert "next meeting on" in page.locator("main").inner_text()
    press_button(page, "main a[href='/track']")
    page.wait_for_url("**/track")
    type_into(page, "#reference", reference)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-request-status]")
    assert "Waiting for the Stroud allocations meeting" in \
        page.locator("[data-request-status]").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
def test_someone_is_in_danger_shows_999_first_and_ends_the_questions_only_on_yes(
        new_page, javascript):
    page = new_page(javascript=javascript)
    start_by_keyboard(page, "parent_carer")
    press_button(page, "a.danger-button")
    page.wait_for_url("**/help")
    phones = page.locator(".contact__phone").all_inner_texts()
    assert phones[0] == "999" and "01452 426565" in phones
    press_button(page, "a[data-back-to-questions]")
    page.wait_for_url("**/q/1")
    press_button(page, "a.danger-button")
    page.wait_for_url("**/help")
    press_button(page, "a[href='/help/reported']")
    page.wait_for_url("**/help/reported")
    choose_radio(page, "hurt", "yes")
    press_button(page, "form button[type=submit].button")
    page.wait_for_url("**/outcome")
    assert page.locator(".contact__phone").first.inner_text() == "999"
