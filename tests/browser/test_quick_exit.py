"""Leave this site quickly, as the person would: a few answers, then the exit (a click, or
Shift three times), then Back as far as history goes. No page reached may show an answer or
say what was asked, and the start page may not offer to carry on."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import answer_question, start_by_keyboard, wait_for_move
from tests.support.scripted import scripted_answer
from tests.web.helpers import ELIGIBLE

pytestmark = pytest.mark.browser

FIRST_ANSWERS = ("harm", "age", "postcode")  # typed: 12 and GL5 1AA
TYPED = ("GL5 1AA", "12")
MAX_BACKS = 12

EXIT_IN_VIEW = """() => {
  const exit = document.querySelector("[data-quick-exit]");
  const box = exit.getBoundingClientRect();
  const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const inView = box.top >= 0 && box.bottom <= innerHeight;
  return inView && !!onTop && !!onTop.closest("[data-quick-exit]");
}"""
TYPED_ON_PAGE = """typed => {
  const values = [...document.querySelectorAll("input, textarea")].map(field => field.value);
  return typed.filter(text => document.body.innerText.includes(text) || values.includes(text));
}"""


def answer_a_few(page, engine) -> None:
    for number, question_id in enumerate(FIRST_ANSWERS, start=1):
        question = engine.flow.questions[question_id]
        answer_question(page, question, scripted_answer(question, ELIGIBLE))
        wait_for_move(page, f"/q/{number}")


def exit_by(page, how: str, site: str) -> None:
    if how == "click":
        page.click("a.quick-exit")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(site)


def back_through_history(page) -> list[dict]:
    """Each page Back reaches, until the start of history (Playwright gives no response and
    the page stays where it is)."""
    reached = []
    for _ in range(MAX_BACKS):
        before = page.url
        response = page.go_back(wait_until="load")
        if page.url == "about:blank" or (response is None and page.url == before):
            break
        reached.append({"url": page.url, "title": page.title(),
                        "typed": page.evaluate(TYPED_ON_PAGE, list(TYPED)),
                        "text": page.locator("body").inner_text()})
    return reached


def question_texts(runtime, engine) -> list[str]:
    return [runtime.text(question.text, "en") for question in engine.flow.questions.values()]


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(("javascript", "how"), [(True, "click"), (True, "shift"),
                                                  (False, "click")],
                         ids=["chat-click", "chat-shift-3-times", "no-javascript-click"])
def test_after_leaving_quickly_back_shows_no_answer_and_no_question(
        new_page, runtime_for_flows, quick_exit_site, javascript, how, width):
    engine = runtime_for_flows.engines.get("family")
    page = new_page(javascript=javascript, width=width, height=640)
    start_by_keyboard(page, "parent_carer")
    entries_at_start = page.evaluate("() => history.length")
    answer_a_few(page, engine)
    if javascript:  # the chat replaces its one entry: Back never steps through answers
        assert page.evaluate("() => history.length") == entries_at_start
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate(EXIT_IN_VIEW), "the quick exit scrolled out of view"
    exit_by(page, how, quick_exit_site)

    reached = back_through_history(page)
    assert reached, "Back reached no page of ours"
    asked = question_texts(runtime_for_flows, engine)
    for seen in reached:
        assert seen["typed"] == [], seen["url"]
        assert not any(text in seen["title"] for text in asked), seen["title"]
        assert not any(qid in seen["url"] for qid in engine.flow.questions), seen["url"]
    start = [seen for seen in reached if seen["url"].endswith("/")]
    assert start and "Carry on where you left off" not in start[-1]["text"]


def test_three_shift_presses_while_typing_capitals_do_not_leave(page):
    start_by_keyboard(page, "parent_carer")
    page.goto("/track")
    page.click("#reference")
    for letter in "ABC":
        page.keyboard.press(f"Shift+{letter}")  # Shift held down for a capital letter
    page.wait_for_timeout(300)
    assert page.evaluate("() => location.pathname") == "/track"
    assert page.input_value("#reference") == "ABC"


def test_the_quick_exit_stays_in_view_while_scrolling_a_long_page_on_a_small_phone(new_page):
    page = new_page(javascript=False, width=320, height=568)
    page.goto("/help")
    for position in (0.5, 1.0):
        page.evaluate("p => window.scrollTo(0, document.body.scrollHeight * p)", position)
        assert page.evaluate(EXIT_IN_VIEW)
