"""Driving the pages with the keyboard alone: Tab to a control, then type or press a key.

The only things read from the page are where the focus is and what is on it.
"""

from __future__ import annotations

from typing import Any

from tests.support.scripted import scripted_answer
from tests.web.helpers import as_form

MAX_TABS = 80


def focused(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector)


def tab_to(page, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def press_button(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def choose_radio(page, name: str, value: str) -> None:
    tab_to(page, f"input[type=radio][name={name}]")
    for _ in range(20):
        if focused(page, f"input[type=radio][name={name}][value='{value}']"):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no choice {value} for {name}")


def tick_boxes(page, name: str, values: list[str]) -> None:
    for value in values:
        tab_to(page, f"input[type=checkbox][name={name}][value='{value}']")
        if not page.evaluate("() => document.activeElement.checked"):
            page.keyboard.press("Space")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def answer_question(page, question, value: Any) -> None:
    shown = as_form(value)
    if question.type in ("single", "yes_no"):
        choose_radio(page, "answer", shown)
    elif question.type == "multi":
        tick_boxes(page, "answer", shown)
    elif question.type == "text":
        type_into(page, "textarea[name=answer]", shown)
    else:
        type_into(page, "input[name=answer]", shown)
    press_button(page, "form[data-chat-form] button[type=submit]")


def current_question(page) -> str | None:
    """The id of the question on the page: its URL says only where it is (/q/3)."""
    return page.evaluate("""() => location.pathname.startsWith("/q/")
        ? document.querySelector("form[data-chat-form] input[name=question]").value : null""")


def wait_for_move(page, from_path: str) -> None:
    page.wait_for_function("p => location.pathname !== p", arg=from_path)
    page.wait_for_load_state()


def start_by_keyboard(page, who: str) -> None:
    page.goto("/")
    choose_radio(page, "who", who)
    press_button(page, "button.button--start")
    page.wait_for_url("**/q/*")


def walk_by_keyboard(page, profile: dict, engine) -> list[str]:
    """Answer every question as this profile's person would; returns the questions asked."""
    asked = []
    while (question_id := current_question(page)) is not None:
        asked.append(question_id)
        question = engine.flow.questions[question_id]
        path = page.evaluate("() => location.pathname")
        answer_question(page, question, scripted_answer(question, profile))
        wait_for_move(page, path)
    return asked
