"""Deleting my answers says first what happens to a request already sent; withdrawing a
request is its own action, open only to the browser that raised it."""

import json

from sqlalchemy import select

from pathway_bot.persistence.models.requests import SupportRequest
from tests.web.helpers import ELIGIBLE, Visitor
from tests.web.test_requests_pages import raised


def the_request(runtime) -> SupportRequest:
    with runtime.database.session() as db:
        return db.scalars(select(SupportRequest)).one()


def test_the_outcome_asks_before_deleting_the_answers(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    page = visitor.get("/outcome").get_data(as_text=True)
    assert 'href="/delete-answers"' in page and 'action="/erase"' not in page


def test_deleting_without_a_request_says_the_answers_go_and_offers_keeping_them(
        visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    page = visitor.get("/delete-answers").get_data(as_text=True)
    assert "You cannot get them back" in page and "withdraw" not in page
    assert 'href="/outcome" class="button button--secondary" data-keep>Keep my answers<' in page


def test_deleting_after_a_request_says_it_will_be_withdrawn_and_the_group_will_see_it(
        visitor, family_engine):
    reference = raised(visitor, family_engine)
    page = visitor.get("/delete-answers").get_data(as_text=True)
    assert reference in page
    assert "We will withdraw your request for support" in page
    assert "The Stroud allocations group will see that it has been withdrawn" in page
    assert "Your name, phone number and email will be removed from it" in page
    assert "Delete my answers and withdraw my request" in page
    assert "Keep my answers and my request" in page


def test_keeping_the_request_changes_nothing(visitor, family_engine, runtime):
    raised(visitor, family_engine)
    visitor.get("/delete-answers")
    visitor.get("/outcome")
    assert the_request(runtime).status == "queued"


def test_confirming_withdraws_the_request_and_removes_its_contact_details(
        visitor, family_engine, runtime):
    raised(visitor, family_engine)
    visitor.get("/delete-answers")
    visitor.post("/erase")
    assert "Your answers have been deleted" in visitor.page
    request = the_request(runtime)
    assert request.status == "withdrawn" and request.contact is None


def test_a_request_already_decided_keeps_its_decision_when_the_answers_are_deleted(
        visitor, family_engine, runtime):
    raised(visitor, family_engine)
    with runtime.database.session() as db:
        request = db.scalars(select(SupportRequest)).one()
        request.status = "allocated"
        request.decision = json.dumps({"to": "Stroud Family Support"})
        db.commit()
    page = visitor.get("/delete-answers").get_data(as_text=True)
    assert "has made a decision on your request" in page
    assert "We will withdraw" not in page


def test_the_browser_that_raised_a_request_can_withdraw_it(visitor, family_engine, runtime):
    raised(visitor, family_engine)
    assert "Withdraw my request" in visitor.page
    visitor.post("/request/withdraw")
    assert visitor.path == "/request/confirmation"
    assert "Request withdrawn" in visitor.page and "Withdraw my request" not in visitor.page
    assert the_request(runtime).status == "withdrawn"
    # The answers stay, and support can be asked for again.
    assert "Ask for support" in visitor.get("/outcome").get_data(as_text=True)


def test_knowing_the_reference_is_not_enough_to_withdraw_a_request(
        visitor, family_engine, runtime, app):
    reference = raised(visitor, family_engine)
    stranger = Visitor(app.test_client())
    stranger.get("/track")
    stranger.post("/track", {"reference": reference})
    assert "Withdraw" not in stranger.page and "Sam" not in stranger.page
    stranger.post("/request/withdraw", {"reference": reference})
    assert stranger.path == "/session-ended"
    assert the_request(runtime).status == "queued"


def test_tracking_by_reference_is_read_only_and_shows_no_names(visitor, family_engine):
    reference = raised(visitor, family_engine)
    visitor.get("/track")
    visitor.post("/track", {"reference": reference})
    assert "Waiting for the Stroud allocations meeting" in visitor.page
    assert "Sam" not in visitor.page and "07700 900123" not in visitor.page
    assert "withdraw" not in visitor.page.lower()
