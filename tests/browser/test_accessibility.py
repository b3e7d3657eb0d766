"""axe-core finds no WCAG 2.2 A or AA violations on any kind of page."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import start_by_keyboard, walk_by_keyboard
from tests.web.helpers import ELIGIBLE, child_form

pytestmark = pytest.mark.browser

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA},
                                       "resultTypes": ["violations"]})
    return results.generate_report() if results.violations_count else ""


def visit_every_page_type(page, engine):
    """Arrive on each kind of page in turn, yielding its name (its path, or what it shows)."""
    for path in ("/", "/privacy", "/accessibility", "/someone-is-in-danger", "/track",
                 "/session-ended", "/find-support", "/find-support?q=respite&district=stroud",
                 "/find-support?q=respite&age=old", "/questions"):
        page.goto(path)
        yield path
    start_by_keyboard(page, "parent_carer")
    yield "question (yes or no)"
    page.click("a.danger-button")
    page.wait_for_url("**/help")
    yield "help during the questions"
    page.click("a[href='/help/reported']")
    page.wait_for_url("**/help/reported")
    yield "has someone been hurt"
    page.click("form button[type=submit].button")
    page.wait_for_selector("[data-error-summary]")
    yield "has someone been hurt, unanswered"
    page.check("#hurt-2")
    page.click("form button[type=submit].button")
    page.wait_for_url("**/q/1")
    page.get_by_label("No").check()
    page.click("form[data-chat-form] button[type=submit]")
    page.wait_for_url("**/q/2")
    page.fill("input[name=answer]", "seven")
    page.click("form[data-chat-form] button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    yield "question with an error"
    page.fill("input[name=answer]", "12")
    page.click("form[data-chat-form] button[type=submit]")
    page.wait_for_url("**/q/3")
    yield "question (text) in the chat"
    page.fill("input[name=answer]", "GL5 1AA")
    page.click("form[data-chat-form] button[type=submit]")
    page.wait_for_url("**/q/4")
    yield "question (several choices)"
    walk_by_keyboard(page, ELIGIBLE, engine)
    yield "check your answers"
    page.goto("/outcome")
    yield "outcome"
    page.goto("/summary")
    yield "summary"
    page.emulate_media(media="print")
    yield "summary, as printed"
    page.emulate_media(media="screen")
    page.goto("/request")
    page.click("form button[type=submit].button")
    page.wait_for_selector("[data-error-summary]")
    yield "request with errors"
    for box, value in child_form().items():
        page.fill(f"#{box}", value)
    page.fill("#phone", "07700 900123")
    page.check("#consent")
    page.click("form button[type=submit].button")
    page.wait_for_url("**/request/confirmation")
    yield "confirmation"
    page.goto("/track")
    yield "track"
    page.goto("/delete-answers")
    yield "delete answers, with a request"
    page.goto("/request/confirmation")
    page.click("form[action='/request/withdraw'] button")
    page.wait_for_selector("[data-request-withdrawn]")
    yield "request withdrawn"
    page.goto("/")
    start_by_keyboard(page, "parent_carer")
    page.goto("/help/reported")
    page.check("#hurt")
    page.click("form button[type=submit].button")
    page.wait_for_url("**/outcome")
    yield "safeguarding outcome"
    page.click("a[href='/delete-answers']")
    page.wait_for_url("**/delete-answers")
    yield "delete answers"
    page.click("form[action='/erase'] button")
    page.wait_for_selector("text=Your answers have been deleted")
    yield "after erasing"


@pytest.mark.parametrize("javascript", [True, False], ids=["chat", "no-javascript"])
def test_no_page_type_has_wcag_a_or_aa_violations(new_page, runtime_for_flows, javascript):
    page = new_page(javascript=javascript)
    found = {}
    for name in visit_every_page_type(page, runtime_for_flows.engines.get("family")):
        report = _axe_on(page, javascript)
        if report:
            found[name] = report
    assert not found, "\n\n".join(f"== {name}\n{report}" for name, report in found.items())


def _axe_on(page, javascript: bool) -> str:
    if javascript:
        return axe_violations(page)
    # axe itself needs script: check the very HTML the server sent, with our own script kept
    # out so the page stays exactly as a browser without JavaScript shows it.
    html = page.content()
    checker = page.context.browser.new_context(bypass_csp=True)
    try:
        other = checker.new_page()
        other.route("**/chat.js", lambda route: route.abort())
        other.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/livez")
        other.set_content(html)
        return axe_violations(other)
    finally:
        checker.close()
