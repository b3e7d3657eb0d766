"""In a real browser: a request tracked from a fresh browser context with the reference and
the date of birth, and a conversation saved and resumed in a new context at the same
question, with and without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import (
    choose_radio,
    press_button,
    start_by_keyboard,
    type_into,
    walk_by_keyboard,
)
from tests.web.helpers import ELIGIBLE, child_form

pytestmark = pytest.mark.browser


def raise_request(page, engine) -> str:
    start_by_keyboard(page, "parent_carer")
    walk_by_keyboard(page, ELIGIBLE, engine)
    page.goto("/request")
    for box, value in child_form().items():
        page.fill(f"#{box}", value)
    page.fill("#phone", "07700 900123")
    page.check("#safe_to_call")
    page.check("#consent")
    page.click("form button[type=submit].button")
    page.wait_for_url("**/request/confirmation")
    return page.locator(".panel__reference").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
def test_a_request_is_tracked_from_a_fresh_browser_context(new_page, runtime_for_flows,
                                                           javascript):
    reference = raise_request(new_page(javascript=javascript),
                              runtime_for_flows.engines.get("family"))
    fresh = new_page(javascript=javascript)
    fresh.goto("/track")
    type_into(fresh, "#reference", reference)
    for box, value in child_form().items():
        if box.startswith("dob_"):
            type_into(fresh, f"#{box}", value)
    press_button(fresh, "main form button[type=submit]")
    fresh.wait_for_selector("[data-request-status]")
    status = fresh.locator("[data-request-status]").inner_text()
    assert "Waiting for the Stroud allocations meeting" in status
    assert "will be in touch" in status and "Alex" not in status


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
def test_saved_answers_come_back_in_a_new_context_at_the_same_question(new_page,
                                                                        javascript):
    page = new_page(javascript=javascript)
    start_by_keyboard(page, "parent_carer")
    choose_radio(page, "answer", "no")
    press_button(page, "form[data-chat-form] button[type=submit]")
    page.wait_for_url("**/q/2")
    type_into(page, "input[name=answer]", "12")
    page.keyboard.press("Enter")
    page.wait_for_url("**/q/3")
    question = page.locator("input[name=question]").get_attribute("value")
    press_button(page, "a[data-save-for-later]")
    page.wait_for_url("**/save")
    press_button(page, "main form button[type=submit]")
    page.wait_for_selector("[data-resume-code]")
    code = page.locator("[data-resume-code]").inner_text()

    elsewhere = new_page(javascript=javascript)
    elsewhere.goto("/")
    type_into(elsewhere, "#code", code)
    press_button(elsewhere, "form[action='/resume'] button")
    elsewhere.wait_for_url("**/q/3")
    assert elsewhere.locator("input[name=question]").get_attribute("value") == question
    elsewhere.goto("/q/2")
    assert elsewhere.locator("input[name=answer]").input_value() == "12"
