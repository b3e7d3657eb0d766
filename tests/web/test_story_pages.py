"""Without JavaScript: the request form that tells the story once, its copy, adding to it,
tracking from another browser, and saving to come back later in another browser."""

from __future__ import annotations

import re

from tests.web.helpers import ELIGIBLE, Visitor, child_form

CONTACT = {"name": "Sam", "phone": "07700 900123", "preferred_contact_method": "phone"}
REFERENCE = re.compile(r'panel__reference"[^>]*>([^<]+)<')


def at_the_form(visitor, engine) -> None:
    visitor.start()
    visitor.walk(ELIGIBLE, engine)
    visitor.get("/request")


def test_the_form_prefills_the_postcode_and_marks_optional_fields(visitor, family_engine):
    at_the_form(visitor, family_engine)
    assert 'value="GL5 1AA"' in visitor.page
    assert "School, nursery or college (optional)" in visitor.page


def test_every_error_shows_at_once_and_answers_are_kept_consent_included(visitor,
                                                                         family_engine):
    at_the_form(visitor, family_engine)
    response = visitor.post("/request", {"consent": "yes", "email": "not an email",
                                         "child_school": "Example Primary"})
    assert response.status_code == 422
    summary = visitor.page.split('class="error-summary"')[1].split("</div>")[0]
    for field in ("child_name", "dob_day", "email"):
        assert f'href="#{field}"' in summary
    assert 'value="Example Primary"' in visitor.page
    assert re.search(r'id="consent" name="consent" type="checkbox" value="yes" checked',
                     visitor.page)


def test_an_impossible_or_future_date_of_birth_is_explained(visitor, family_engine):
    at_the_form(visitor, family_engine)
    visitor.post("/request", {**CONTACT, **child_form(dob_day="30", dob_month="2"),
                              "consent": "yes"})
    assert "Date of birth must be a real date" in visitor.page
    visitor.post("/request", {**CONTACT, **child_form(dob_year="2999"), "consent": "yes"})
    assert "must be today or in the past" in visitor.page


def test_a_date_of_birth_that_contradicts_the_age_is_asked_about(visitor, family_engine,
                                                                 runtime):
    at_the_form(visitor, family_engine)
    form = {**CONTACT, **child_form(age=9), "consent": "yes", "idempotency_key": "k"}
    visitor.post("/request", form)
    assert "makes them 9, but you told us they are 12" in visitor.page
    assert 'id="age_confirmed"' in visitor.page
    visitor.post("/request", {**form, "age_confirmed": "yes"})
    assert visitor.path == "/request/confirmation"


def raised(visitor, engine) -> str:
    at_the_form(visitor, engine)
    visitor.post("/request", {**CONTACT, **child_form(), "consent": "yes",
                              "safe_to_call": "yes", "safe_to_text": "no",
                              "child_view": "Lunchtimes are too loud.",
                              "agencies": ["school_nurse"], "idempotency_key": "k1"})
    assert visitor.path == "/request/confirmation", visitor.page
    return REFERENCE.search(visitor.page).group(1)


def test_the_confirmation_offers_a_printable_copy_of_what_was_sent(visitor, family_engine):
    reference = raised(visitor, family_engine)
    visitor.get("/request/copy")
    assert reference in visitor.page and "Alex Example" in visitor.page
    assert "Lunchtimes are too loud." in visitor.page and "School nurse" in visitor.page


def test_the_family_adds_to_its_request(visitor, family_engine, runtime):
    from sqlalchemy import select

    from pathway_bot.persistence.models.requests import RequestAddition

    raised(visitor, family_engine)
    visitor.post("/request/add", {"addition": "Things got worse at school this week."})
    assert "We have added this to your request" in visitor.page
    with runtime.database.session() as session:
        assert [a.text for a in session.scalars(select(RequestAddition))] == \
            ["Things got worse at school this week."]
    response = visitor.post("/request/add", {"addition": "  "})
    assert response.status_code == 422 and 'href="#addition"' in visitor.page


def test_a_request_is_tracked_from_another_browser_with_the_date_of_birth(
        visitor, family_engine, app):
    reference = raised(visitor, family_engine)
    elsewhere = Visitor(app.test_client())
    elsewhere.get("/track")
    born = child_form()
    elsewhere.post("/track", {"reference": reference, "dob_day": born["dob_day"],
                              "dob_month": born["dob_month"], "dob_year": born["dob_year"]})
    assert "Waiting for the Stroud allocations meeting" in elsewhere.page
    assert "will be in touch" in elsewhere.page and "Alex" not in elsewhere.page
    wrong = elsewhere.post("/track", {"reference": reference, "dob_day": "2",
                                      "dob_month": "2", "dob_year": "2014"})
    assert wrong.status_code == 422 and "could not find a request" in elsewhere.page


def test_tracking_from_another_browser_asks_for_both(app):
    elsewhere = Visitor(app.test_client())
    response = elsewhere.post("/track", {})
    assert response.status_code == 422
    assert 'href="#reference"' in elsewhere.page and 'href="#dob_day"' in elsewhere.page


def test_saved_answers_come_back_in_another_browser_at_the_same_question(visitor,
                                                                         family_engine, app):
    visitor.start()
    visitor.answer(False)  # harm
    visitor.answer(12)  # age
    question, path = visitor.question, visitor.path
    assert 'data-save-for-later' in visitor.page
    visitor.get("/save")
    visitor.post("/save")
    code = re.search(r"data-resume-code>([A-Z-]+)<", visitor.page).group(1)
    elsewhere = Visitor(app.test_client())
    elsewhere.get("/")
    assert "Continue with a code" in elsewhere.page
    elsewhere.post("/resume", {"code": code.lower()})
    assert elsewhere.path == path and elsewhere.question == question
    elsewhere.get("/q/2")
    assert 'value="12"' in elsewhere.page


def test_a_code_of_the_wrong_shape_or_unknown_is_explained(app):
    elsewhere = Visitor(app.test_client())
    response = elsewhere.post("/resume", {"code": "1234"})
    assert response.status_code == 422 and 'href="#code"' in elsewhere.page
    response = elsewhere.post("/resume", {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 422 and "That code does not work" in elsewhere.page
