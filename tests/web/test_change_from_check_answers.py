""""Change" on check your answers goes back there, asking only what the new answer opens."""

import html
import re

from markupsafe import escape

from tests.web.helpers import ELIGIBLE, as_form

FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)" class="question-form"')


def change(visitor, number: int, value) -> None:
    """Follow the change link for question `number`, then post the form as a browser would."""
    visitor.get("/check-answers")
    link = f'href="/q/{number}?change=1"'
    assert link in visitor.page
    visitor.get(f"/q/{number}?change=1")
    answer(visitor, value)


def answer(visitor, value) -> None:
    action = html.unescape(FORM_ACTION.search(visitor.page).group(1))
    visitor.post(action, {"question": visitor.question, "answer": as_form(value)})


def test_changing_the_age_from_check_answers_returns_there_with_the_later_answers_kept(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    change(visitor, 2, 13)
    assert visitor.path == "/check-answers"
    assert "GL5 1AA" in visitor.page
    assert runtime.text("scale.impact.3", "en") in visitor.page


def test_choosing_a_new_worry_from_check_answers_asks_how_much_then_returns_there(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    change(visitor, number_of(visitor, runtime.text("family.worries.text", "en")),
           ["social_emotional_mental_health", "education_participation", "health"])
    assert visitor.question == "health"
    answer(visitor, 2)
    assert visitor.path == "/check-answers"
    assert str(escape(runtime.text("family.health.text", "en"))) in visitor.page


def test_a_kept_answer_the_change_no_longer_fits_is_asked_again(visitor, family_engine):
    visitor.start()
    visitor.walk({**ELIGIBLE, "needs": {"preparing_for_adulthood": 2}, "age": 15},
                 family_engine)
    change(visitor, 2, 9)
    # "Preparing for adulthood" is offered only from 14: the worries are asked again.
    assert visitor.question == "worries"


def number_of(visitor, question_text: str) -> int:
    """The place of a question in the conversation, from its row on check your answers."""
    visitor.get("/check-answers")
    rows = re.findall(r'<dt class="summary-list__key">(.*?)</dt>.*?href="/q/(\d+)\?change=1"',
                      visitor.page, re.S)
    return next(int(number) for text, number in rows if text == str(escape(question_text)))


def test_a_nine_year_olds_learning_worry_is_shown_back_as_learning_not_development(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk({**ELIGIBLE, "age": 9, "needs": {"cognition_learning": 3}}, family_engine)
    page = visitor.get("/check-answers").get_data(as_text=True)
    assert str(escape(runtime.text("family.worries.cognition_learning", "en"))) in page
    assert str(escape(runtime.text("family.worries.development", "en"))) not in page
    summary = visitor.get("/summary").get_data(as_text=True)
    assert str(escape(runtime.text("family.worries.cognition_learning", "en"))) in summary


def test_a_three_year_olds_same_worry_is_shown_back_as_how_they_are_developing(
        visitor, family_engine, runtime):
    visitor.start()
    visitor.walk({**ELIGIBLE, "age": 3, "needs": {"cognition_learning": 3}}, family_engine)
    page = visitor.get("/check-answers").get_data(as_text=True)
    assert str(escape(runtime.text("family.worries.development", "en"))) in page
