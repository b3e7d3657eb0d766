"""Asking for support from the outcome, the confirmation, and tracking it by reference."""

import re

from tests.web.helpers import ELIGIBLE, child_form

CONTACT = {"name": "Sam", "phone": "07700 900123", "preferred_contact_method": "phone"}


def raised(visitor, engine) -> str:
    visitor.start()
    visitor.walk(ELIGIBLE, engine)
    visitor.get("/outcome")
    visitor.get("/request")
    visitor.post("/request", {**CONTACT, **child_form(), "consent": "yes", "idempotency_key": "k1"})
    return re.search(r'panel__reference">([^<]+)<', visitor.page).group(1)


def test_a_request_is_raised_and_confirmed_with_its_reference_and_meeting(
        visitor, family_engine):
    reference = raised(visitor, family_engine)
    assert visitor.path == "/request/confirmation"
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    assert "Stroud allocations group will look at your request at its next meeting on" \
        in visitor.page


def test_a_raised_request_is_tracked_by_its_reference(visitor, family_engine):
    reference = raised(visitor, family_engine)
    visitor.get("/track")
    visitor.post("/track", {"reference": reference.lower().replace("-", " ")})
    assert "Waiting for the Stroud allocations meeting" in visitor.page


def test_a_reference_from_someone_else_is_not_found(visitor, family_engine):
    raised(visitor, family_engine)
    response = visitor.post("/track", {"reference": "AAAA-BBBB"})
    assert response.status_code == 422 and "could not find a request" in visitor.page


def test_sending_the_form_twice_raises_one_request(visitor, family_engine, runtime):
    raised(visitor, family_engine)
    visitor.post("/request", {**CONTACT, **child_form(), "consent": "yes", "idempotency_key": "k1"})
    from sqlalchemy import func, select

    from pathway_bot.persistence.models.requests import SupportRequest

    with runtime.database.session() as db:
        assert db.scalar(select(func.count()).select_from(SupportRequest)) == 1


def test_consent_must_be_given(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.get("/request")
    response = visitor.post("/request", CONTACT)
    assert response.status_code == 422 and 'href="#consent"' in visitor.page


def test_a_way_to_get_in_touch_is_needed(visitor, family_engine):
    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    visitor.get("/request")
    response = visitor.post("/request", {"consent": "yes", "email": "not an email"})
    assert response.status_code == 422 and 'href="#email"' in visitor.page


def test_an_outcome_below_the_threshold_offers_no_request(visitor, family_engine):
    visitor.start()
    visitor.walk({**ELIGIBLE, "needs": {"cognition_learning": 1}, "support_tried": "none"},
                 family_engine)
    visitor.get("/request")
    assert visitor.path == "/outcome"


def test_the_outcome_shows_the_reference_once_a_request_is_raised(visitor, family_engine):
    reference = raised(visitor, family_engine)
    assert reference in visitor.get("/outcome").get_data(as_text=True)


def test_the_tracking_page_shows_the_stage_the_key_worker_and_the_next_review(
        visitor, family_engine, runtime):
    from datetime import date, timedelta

    from sqlalchemy import select

    from pathway_bot.persistence.models.requests import SupportRequest
    from pathway_bot.requests import queue
    from pathway_bot.requests.casework import Plan
    from tests.requests_factories import create_key

    reference = raised(visitor, family_engine)
    review_on = date.today() + timedelta(days=42)
    with runtime.database.session() as db:
        coordinator = create_key(db, runtime)[0]
        worker = create_key(db, runtime, role="key_worker", name="Jo at Stroud")[0]
        request = db.scalars(select(SupportRequest)).one()
        now = runtime.requests.clock()
        queue.claim_request(db, coordinator, request.id, now=now)
        queue.allocate_request(db, coordinator, request.id, now=now, to="Family Support",
                               lead_professional=None, note=None, area=runtime.area,
                               key_worker={"key": worker.id, "first_name": "Jo",
                                           "role": "family support worker"})
        runtime.casework.record_plan(db, worker, request.id, Plan(
            outcomes=[{"outcome": "Back at school", "priority": 1}], plan="Weekly visits",
            next_review_on=review_on, review_every_weeks=6,
            family_say_on_reviews="Every six weeks"))
    visitor.post("/track", {"reference": reference})
    assert "You have a plan for your support" in visitor.page
    assert "Jo, family support worker" in visitor.page
    assert "Next review" in visitor.page and str(review_on.day) in visitor.page
