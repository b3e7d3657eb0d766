"""After allocation, in the console without JavaScript: a key worker's "My requests", each
casework step through its form, what a key worker and another district's coordinator can
never see, the queue's time left and the overdue view."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from pathway_bot.persistence.models.requests import RequestEvent, SupportRequest
from tests.requests_factories import create_request
from tests.staff_factories import create_staff
from tests.web.console_helpers import StaffVisitor, signed_in_staff


@pytest.fixture
def raised(runtime):
    def make(**overrides):
        with runtime.database.session() as session:
            request = create_request(session, runtime, **overrides)
            session.commit()
            return request.id, request.reference
    return make


def _stored(runtime, request_id) -> SupportRequest:
    with runtime.database.session() as session:
        return session.get(SupportRequest, request_id)


def _events(runtime, request_id) -> list[str]:
    with runtime.database.session() as session:
        return [e.action for e in session.query(RequestEvent)
                .filter_by(request_id=request_id).order_by(RequestEvent.id)]


def _key_worker(client, runtime, *, email="kit@example.org", name="Kit Keyworker",
                districts=("stroud",)):
    visitor = StaffVisitor(client.application.test_client())
    with runtime.database.session() as session:
        person = create_staff(session, runtime.staff, role="key_worker", email=email,
                              name=name, districts=districts)
    visitor.sign_in(person, runtime)
    return visitor, person


def _allocate(coordinator, request_id, key_worker_id):
    coordinator.post(f"/console/requests/{request_id}/claim")
    return coordinator.post(f"/console/requests/{request_id}/allocate", {
        "allocate_to": "person", "lead_name": "Kit Keyworker", "lead_role": "key worker",
        "key_worker": key_worker_id})


@pytest.fixture
def allocated(client, runtime, raised):
    """A Stroud request allocated by the coordinator to Kit, who is signed in."""
    coordinator, _ = signed_in_staff(client, runtime)
    worker, kit = _key_worker(client, runtime)
    request_id, reference = raised()
    _allocate(coordinator, request_id, kit.account_id)
    return worker, request_id, reference, coordinator


def _review_day(runtime, days=28) -> str:
    return (runtime.casework.today() + timedelta(days=days)).isoformat()


def _plan_form(runtime, **changes) -> dict:
    form = {"outcome_1": "Goes into school three mornings a week", "priority_1": "1",
            "outcome_2": "Sleeps through most nights", "priority_2": "2",
            "plan": "Weekly sessions with the school's nurture group",
            "next_review_on": _review_day(runtime), "review_every_weeks": "6",
            "family_say_on_reviews": "Every six weeks suits us"}
    form.update(changes)
    return form


def test_allocating_to_a_key_worker_puts_the_request_on_their_page(allocated, runtime):
    worker, request_id, reference, _ = allocated
    worker.get("/console/key-worker")
    assert f'data-request="{reference}"' in worker.page
    assert _stored(runtime, request_id).status == "allocated"
    worker.get(f"/console/casework/{request_id}")
    assert "He will not go into school" in worker.page  # the request in full


def test_a_key_worker_lands_on_my_requests_with_the_first_contact_clock(allocated):
    worker, _id, reference, _ = allocated
    worker.get("/console/")
    assert worker.path == "/console/key-worker" and "My requests" in worker.page
    row = re.search(rf'data-request="{reference}".*?</tr>', worker.page, re.S).group(0)
    assert "working days left" in row and "First contact" in row


def test_first_contact_is_recorded_under_the_key_workers_name(allocated, runtime):
    worker, request_id, _, _ = allocated
    worker.post(f"/console/casework/{request_id}/first-contact",
                {"contact_note": "Spoke to mum by phone"})
    assert worker.path == f"/console/casework/{request_id}"
    assert _stored(runtime, request_id).first_contact_at is not None
    assert re.search(r'data-event="first_contact">[^<]*Kit Keyworker: Spoke to mum',
                     worker.page)


def test_the_plan_is_kept_with_outcomes_in_priority_order_and_the_familys_say(
        allocated, runtime):
    worker, request_id, _, _ = allocated
    worker.post(f"/console/casework/{request_id}/plan", _plan_form(
        runtime, priority_1="2", priority_2="1"))
    stored = _stored(runtime, request_id)
    assert stored.status == "planned"
    plan = json.loads(stored.plan)
    assert [o["outcome"] for o in plan["outcomes"]] == [
        "Sleeps through most nights", "Goes into school three mornings a week"]
    assert plan["review_every_weeks"] == 6
    assert plan["family_say_on_reviews"] == "Every six weeks suits us"
    assert stored.next_review_on.isoformat() == _review_day(runtime)
    assert re.search(r'data-event="plan">[^<]*Kit Keyworker', worker.page)


@pytest.mark.parametrize(("changes", "field"), [
    ({"outcome_1": "", "outcome_2": ""}, "outcome_1"),
    ({"priority_1": ""}, "priority_1"),
    ({"plan": "  "}, "plan"),
    ({"next_review_on": "next week"}, "next_review_on"),
    ({"next_review_on": "2020-01-01"}, "next_review_on"),
    ({"review_every_weeks": "3"}, "review_every_weeks"),
    ({"family_say_on_reviews": ""}, "family_say_on_reviews"),
])
def test_a_bad_plan_shows_the_error_summary_and_changes_nothing(
        allocated, runtime, changes, field):
    worker, request_id, _, _ = allocated
    before = _events(runtime, request_id)
    response = worker.post(f"/console/casework/{request_id}/plan",
                           _plan_form(runtime, **changes))
    assert response.status_code == 422
    assert "data-error-summary" in worker.page and f'href="#{field}"' in worker.page
    assert _stored(runtime, request_id).status == "allocated"
    assert _events(runtime, request_id) == before


def _planned(worker, runtime, request_id):
    worker.post(f"/console/casework/{request_id}/plan", _plan_form(runtime))
    worker.post(f"/console/casework/{request_id}/start-review", {"start_review_note": ""})


def test_a_review_that_continues_sets_the_next_review(allocated, runtime):
    worker, request_id, _, _ = allocated
    _planned(worker, runtime, request_id)
    assert _stored(runtime, request_id).status == "in_review"
    worker.post(f"/console/casework/{request_id}/review", {
        "outcome": "continue", "review_note": "Going well",
        "next_review_on": _review_day(runtime, 60)})
    stored = _stored(runtime, request_id)
    assert stored.status == "planned"
    assert stored.next_review_on.isoformat() == _review_day(runtime, 60)
    assert re.search(r'data-event="review">[^<]*Kit Keyworker: continue: Going well',
                     worker.page)


def test_a_review_that_steps_down_needs_a_lower_tier(allocated, runtime):
    worker, request_id, _, _ = allocated
    _planned(worker, runtime, request_id)
    tier = _stored(runtime, request_id).tier
    response = worker.post(f"/console/casework/{request_id}/review", {
        "outcome": "step_down", "review_note": "Much better",
        "next_review_on": _review_day(runtime), "tier": tier})
    assert response.status_code == 422 and 'href="#tier"' in worker.page
    assert _stored(runtime, request_id).status == "in_review"
    lower = [t for t, level in runtime.requests.rules.tier_levels.items()
             if level < _stored(runtime, request_id).tier_level]
    worker.post(f"/console/casework/{request_id}/review", {
        "outcome": "step_down", "review_note": "Much better",
        "next_review_on": _review_day(runtime), "tier": lower[0]})
    stored = _stored(runtime, request_id)
    assert (stored.status, stored.tier) == ("planned", lower[0])


def test_a_review_that_closes_the_request_needs_no_next_review(allocated, runtime):
    worker, request_id, _, _ = allocated
    _planned(worker, runtime, request_id)
    worker.post(f"/console/casework/{request_id}/review",
                {"outcome": "close", "review_note": "Outcomes met"})
    assert _stored(runtime, request_id).status == "closed"
    assert "closed at review: Outcomes met" in worker.page


def test_a_review_without_an_outcome_shows_the_error_summary_and_changes_nothing(
        allocated, runtime):
    worker, request_id, _, _ = allocated
    _planned(worker, runtime, request_id)
    response = worker.post(f"/console/casework/{request_id}/review",
                           {"outcome": "", "review_note": ""})
    assert response.status_code == 422
    assert 'href="#outcome"' in worker.page and 'href="#review_note"' in worker.page
    assert _stored(runtime, request_id).status == "in_review"


def test_a_new_concern_raises_a_new_request_that_carries_the_story(allocated, runtime):
    worker, request_id, _, _ = allocated
    worker.post(f"/console/casework/{request_id}/new-concern",
                {"concern": "He has stopped eating at school"})
    assert worker.path == f"/console/casework/{request_id}"
    assert _stored(runtime, request_id).status == "allocated"
    with runtime.database.session() as session:
        follows = session.query(SupportRequest).filter_by(follows_request_id=request_id).one()
        assert follows.status == "queued"
    assert re.search(r'data-event="new_concern">[^<]*Kit Keyworker', worker.page)


def test_a_review_that_steps_up_raises_a_new_request_and_keeps_the_plan_going(
        allocated, runtime):
    worker, request_id, _, _ = allocated
    _planned(worker, runtime, request_id)
    worker.post(f"/console/casework/{request_id}/review", {
        "outcome": "step_up", "review_note": "Not making progress",
        "next_review_on": _review_day(runtime)})
    assert _stored(runtime, request_id).status == "planned"
    with runtime.database.session() as session:
        follows = session.query(SupportRequest).filter_by(follows_request_id=request_id).one()
        assert (follows.status, follows.district) == ("queued", "stroud")
    assert re.search(r'data-event="review">[^<]*Kit Keyworker: step up', worker.page)


def test_a_new_concern_that_cannot_go_to_the_group_is_said_and_changes_nothing(
        client, runtime, raised):
    coordinator, _ = signed_in_staff(client, runtime)
    worker, kit = _key_worker(client, runtime)
    request_id, _ = raised()
    _allocate(coordinator, request_id, kit.account_id)
    with runtime.database.session() as session:  # the family has since withdrawn consent
        stored = session.get(SupportRequest, request_id)
        stored.profile = json.dumps({**json.loads(stored.profile), "consent_to_share": False})
        session.commit()
    before = _events(runtime, request_id)
    response = worker.post(f"/console/casework/{request_id}/new-concern",
                           {"concern": "He has stopped eating at school"})
    assert response.status_code == 422
    assert 'href="#concern"' in worker.page and "nothing was recorded" in worker.page
    assert _events(runtime, request_id) == before
    with runtime.database.session() as session:
        assert session.query(SupportRequest).filter_by(
            follows_request_id=request_id).count() == 0


def test_closing_needs_a_reason_then_closes(allocated, runtime):
    worker, request_id, _, _ = allocated
    assert worker.post(f"/console/casework/{request_id}/close",
                       {"close_reason": ""}).status_code == 422
    assert _stored(runtime, request_id).status == "allocated"
    worker.post(f"/console/casework/{request_id}/close", {"close_reason": "Family moved away"})
    assert _stored(runtime, request_id).status == "closed"
    assert "Nothing more can be recorded" in worker.page


def test_a_step_the_request_is_not_ready_for_is_shown_plainly_and_changes_nothing(
        allocated, runtime):
    worker, request_id, _, _ = allocated
    before = _events(runtime, request_id)
    response = worker.post(f"/console/casework/{request_id}/start-review",
                           {"start_review_note": "Too soon"})
    assert response.status_code == 409
    assert "data-conflict" in worker.page and "cannot be" in worker.page
    assert _stored(runtime, request_id).status == "allocated"
    assert _events(runtime, request_id) == before


def test_a_key_worker_sees_nothing_of_another_key_workers_requests(
        allocated, client, runtime):
    _kit, request_id, reference, _coordinator = allocated
    other, _ = _key_worker(client, runtime, email="lee@example.org", name="Lee Other")
    other.get("/console/key-worker")
    assert reference not in other.page and request_id not in other.page
    assert other.get(f"/console/casework/{request_id}").status_code == 404
    for step, form in [("first-contact", {}), ("plan", _plan_form(runtime)),
                       ("close", {"close_reason": "Not mine"})]:
        assert other.post(f"/console/casework/{request_id}/{step}", form).status_code == 404
    for page in ("/console/queue", f"/console/requests/{request_id}", "/console/overdue"):
        assert other.get(page).status_code == 403
        assert reference not in other.page
    stored = _stored(runtime, request_id)
    assert (stored.status, stored.first_contact_at) == ("allocated", None)


def test_a_key_worker_is_not_offered_a_request_that_is_still_in_the_queue(
        client, runtime, raised):
    request_id, reference = raised()
    worker, _ = _key_worker(client, runtime)
    worker.get("/console/key-worker")
    assert reference not in worker.page
    assert worker.get(f"/console/casework/{request_id}").status_code == 404


def test_a_coordinator_of_another_district_sees_none_of_the_casework(
        allocated, client, runtime):
    _kit, request_id, reference, _ = allocated
    other = StaffVisitor(client.application.test_client())
    with runtime.database.session() as session:
        cotswold = create_staff(session, runtime.staff, districts=("cotswold",),
                                email="cot@example.org", name="Cotswold Coordinator")
    other.sign_in(cotswold, runtime)
    for page in ("/console/queue", "/console/overdue"):
        other.get(page)
        assert reference not in other.page and request_id not in other.page
    assert other.get(f"/console/casework/{request_id}").status_code == 404
    assert other.post(f"/console/casework/{request_id}/close",
                      {"close_reason": "Not ours"}).status_code == 404
    assert _stored(runtime, request_id).status == "allocated"


def test_the_districts_coordinator_can_do_the_casework_too(allocated, runtime):
    _kit, request_id, _, coordinator = allocated
    coordinator.get(f"/console/requests/{request_id}")
    assert "data-casework" in coordinator.page
    coordinator.post(f"/console/casework/{request_id}/first-contact", {"contact_note": ""})
    assert re.search(r'data-event="first_contact">[^<]*Sam Coordinator', coordinator.page)


def test_only_a_key_worker_of_the_requests_district_can_be_chosen(client, runtime, raised):
    coordinator, _ = signed_in_staff(client, runtime)
    _, elsewhere = _key_worker(client, runtime, email="far@example.org", name="Far Away",
                               districts=("cotswold",))
    request_id, _ = raised()
    coordinator.get(f"/console/requests/{request_id}")
    response = _allocate(coordinator, request_id, elsewhere.account_id)
    assert response.status_code == 422 and 'href="#key_worker"' in coordinator.page
    assert _stored(runtime, request_id).status == "claimed"


def test_the_queue_shows_the_time_left_and_marks_late_ones(client, runtime, raised):
    today = runtime.clock()
    _late, late_reference = raised(now=today - timedelta(days=30))
    _fresh, fresh_reference = raised(now=today - timedelta(minutes=5))
    coordinator, _ = signed_in_staff(client, runtime)
    coordinator.get("/console/queue")

    def cell(reference):
        row = re.search(rf'data-request="{reference}".*?</tr>', coordinator.page, re.S)
        return re.search(r"<td data-time-left>(.*?)</td>", row.group(0), re.S).group(1)
    assert "data-overdue" in cell(late_reference) and "Overdue by" in cell(late_reference)
    assert "working days left" in cell(fresh_reference)
    assert "Picked up" in cell(fresh_reference)
    assert "data-overdue" not in cell(fresh_reference)


def test_the_overdue_view_lists_breaches_in_the_persons_districts_only(
        client, runtime, raised):
    today = runtime.clock()
    _late, late_reference = raised(now=today - timedelta(days=30))
    _fresh, fresh_reference = raised(now=today - timedelta(minutes=5))
    coordinator, _ = signed_in_staff(client, runtime)
    coordinator.get("/console/overdue")
    assert f'data-breach="{late_reference}"' in coordinator.page
    assert fresh_reference not in coordinator.page
    assert "Picked up" in coordinator.page
