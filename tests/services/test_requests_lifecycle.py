"""A request's whole life, from the queue to a closed plan, with its history, the key
worker's scope, the response-time clocks, the ageing report and missed meetings."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from pathway_bot.errors import NotFound, ValidationFailed
from pathway_bot.persistence.models.outbox import OutboxMessage
from pathway_bot.requests import queue
from pathway_bot.requests.casework import Plan, Review
from pathway_bot.requests.lifecycle import IllegalTransition
from tests.requests_factories import NOW, create_key, create_request

ON_THE_DAY = NOW


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


@pytest.fixture
def clock(runtime):
    """Set the time the services see."""
    def set_to(moment: datetime) -> None:
        runtime.requests.clock = lambda: moment
    set_to(NOW)
    return set_to


@pytest.fixture
def coordinator(session, runtime):
    return create_key(session, runtime)[0]


@pytest.fixture
def key_worker(session, runtime):
    return create_key(session, runtime, role="key_worker", name="Jo, family support")[0]


def allocated(session, runtime, coordinator, key_worker, **request_overrides):
    request = create_request(session, runtime, now=NOW, **request_overrides)
    queue.claim_request(session, coordinator, request.id, now=NOW + timedelta(hours=1))
    queue.allocate_request(
        session, coordinator, request.id, now=at(date(2025, 12, 2), 15),
        to="Stroud Family Support", lead_professional=None, note=None,
        key_worker={"key": key_worker.prefix, "first_name": "Jo",
                    "role": "family support worker",
                    "family_preference": "someone who knows the school"},
        area=runtime.area)
    return request


def a_plan(next_review_on=date(2026, 2, 3)) -> Plan:
    return Plan(outcomes=[{"outcome": "Goes to school three mornings a week", "priority": 2},
                          {"outcome": "Sleeps through the night", "priority": 1}],
                plan="Jo meets the family weekly; the school adjusts mornings.",
                next_review_on=next_review_on, review_every_weeks=6,
                family_say_on_reviews="Every six weeks, after school")


def history(session, runtime, coordinator, request_id):
    return [(e.action, e.from_status, e.to_status, e.actor_role)
            for e in queue.request_history(session, coordinator, request_id)]


def test_a_request_lives_through_every_status_with_who_and_when_in_its_history(
        session, runtime, clock, coordinator, key_worker):
    request = allocated(session, runtime, coordinator, key_worker)
    casework = runtime.casework
    clock(at(date(2025, 12, 4)))
    casework.record_first_contact(session, key_worker, request.id, note="phoned mum")
    casework.record_plan(session, key_worker, request.id, a_plan())
    clock(at(date(2026, 2, 3)))
    casework.start_review(session, key_worker, request.id)
    casework.record_review(session, key_worker, request.id,
                           Review("step_down", "Going to school most days",
                                  next_review_on=date(2026, 3, 17), tier="early_help"))
    casework.start_review(session, key_worker, request.id)
    closed, _ = casework.record_review(session, key_worker, request.id,
                                       Review("close", "The family are happy to finish"))

    assert closed.status == "closed"
    assert closed.tier == "early_help"
    assert history(session, runtime, coordinator, request.id) == [
        ("raise", None, "queued", "family"),
        ("claim", "queued", "claimed", "coordinator"),
        ("allocate", "claimed", "allocated", "coordinator"),
        ("first_contact", "allocated", "allocated", "key_worker"),
        ("plan", "allocated", "planned", "key_worker"),
        ("start_review", "planned", "in_review", "key_worker"),
        ("review", "in_review", "planned", "key_worker"),
        ("start_review", "planned", "in_review", "key_worker"),
        ("close", "in_review", "closed", "key_worker"),
    ]
    entries = queue.request_history(session, coordinator, request.id)
    assert entries[3].at == at(date(2025, 12, 4)) and entries[3].actor_name == key_worker.name


def test_the_plan_keeps_the_outcomes_by_priority_and_the_familys_say_in_reviews(
        session, runtime, clock, coordinator, key_worker):
    request = allocated(session, runtime, coordinator, key_worker)
    planned = runtime.casework.record_plan(session, key_worker, request.id, a_plan())
    plan = json.loads(planned.plan)
    assert [o["priority"] for o in plan["outcomes"]] == [1, 2]
    assert plan["family_say_on_reviews"] == "Every six weeks, after school"
    assert planned.next_review_on == date(2026, 2, 3)
    assert json.loads(planned.key_worker) == {
        "first_name": "Jo", "role": "family support worker",
        "family_preference": "someone who knows the school"}


def test_a_key_workers_key_sees_only_the_requests_allocated_to_them(
        session, runtime, clock, coordinator, key_worker):
    theirs = allocated(session, runtime, coordinator, key_worker)
    other_worker = create_key(session, runtime, role="key_worker", name="Sam")[0]
    someone_elses = allocated(session, runtime, coordinator, other_worker)
    waiting = create_request(session, runtime)

    listed = queue.list_requests(session, key_worker, status=None, page=1, per_page=20)
    assert [r.id for r in listed.items] == [theirs.id]
    for hidden in (someone_elses, waiting):
        with pytest.raises(NotFound):
            runtime.casework.record_plan(session, key_worker, hidden.id, a_plan())


def test_closing_a_queued_request_or_reviewing_an_unallocated_one_changes_nothing(
        session, runtime, clock, coordinator):
    request = create_request(session, runtime)
    before = history(session, runtime, coordinator, request.id)
    with pytest.raises(IllegalTransition):
        runtime.casework.close(session, coordinator, request.id, reason="done")
    with pytest.raises(IllegalTransition):
        runtime.casework.start_review(session, coordinator, request.id)
    session.expire_all()
    assert queue.get_request(session, coordinator, request.id).status == "queued"
    assert history(session, runtime, coordinator, request.id) == before


def test_a_review_date_in_the_past_is_refused(session, runtime, clock, coordinator,
                                              key_worker):
    request = allocated(session, runtime, coordinator, key_worker)
    with pytest.raises(ValidationFailed):
        runtime.casework.record_plan(session, key_worker, request.id,
                                     a_plan(next_review_on=date(2025, 11, 1)))


def test_a_step_up_starts_a_new_assessment_that_carries_what_is_already_known(
        session, runtime, clock, coordinator, key_worker):
    request = allocated(session, runtime, coordinator, key_worker)
    runtime.casework.record_plan(session, key_worker, request.id, a_plan())
    runtime.casework.start_review(session, key_worker, request.id)
    reviewed, raised = runtime.casework.record_review(
        session, key_worker, request.id,
        Review("step_up", "Now refusing to leave the house", next_review_on=date(2026, 1, 6),
               needs={"social_emotional_mental_health": 4}))

    assert reviewed.status == "planned"
    assert raised.status == "queued" and raised.follows_request_id == request.id
    assert raised.tier == "targeted"
    assert raised.contact == request.contact and raised.answers == request.answers
    assert json.loads(raised.profile)["needs"]["education_participation"] == 2
    assert raised.consent_wording == request.consent_wording


def test_the_clocks_show_the_time_left_and_stop_when_each_target_is_met(
        session, runtime, clock, coordinator, key_worker):
    request = create_request(session, runtime, now=NOW)  # Tuesday 25 November
    times, today = runtime.casework.times, date(2025, 11, 26)
    left = times.time_left(request, today)
    assert (left.target, left.due_on, left.working_days_left) == (
        "acknowledge", date(2025, 11, 28), 2)
    assert times.decide_by(request) == date(2025, 12, 2)  # Stroud's first meeting after
    allocated_ = allocated(session, runtime, coordinator, key_worker)
    left = times.time_left(allocated_, date(2025, 12, 3))
    # Ten working days from Tuesday 2 December.
    assert (left.target, left.due_on) == ("first_contact", date(2025, 12, 16))


def test_the_overdue_list_and_the_ageing_report_show_missed_response_times_by_district(
        session, runtime, clock, coordinator):
    late = create_request(session, runtime, now=NOW)
    cotswold = create_request(session, runtime, now=NOW,
                              profile={"district": "cotswold"})
    on_time = create_request(session, runtime, now=NOW)
    queue.claim_request(session, coordinator, on_time.id, now=NOW + timedelta(days=1))
    clock(at(date(2025, 12, 1)))  # Monday: acknowledging was due on Friday 28 November

    overdue = runtime.casework.overdue(session, coordinator, page=1, per_page=20)
    assert [r.id for r in overdue.items] == [late.id]
    report = runtime.casework.ageing(session)
    assert set(report) == set(runtime.area.district_ids)
    assert [(b.reference, b.target, b.working_days_over) for b in report["stroud"]] == [
        (late.reference, "acknowledge", 1)]
    assert [b.reference for b in report["cotswold"]] == [cotswold.reference]
    assert report["gloucester"] == []


def test_a_request_not_decided_at_its_meeting_is_carried_to_the_next_and_the_family_told(
        session, runtime, clock, coordinator):
    request = create_request(session, runtime, now=NOW, contact={
        "name": "Sam", "email": "sam@example.org", "safe_to_email": True,
        "preferred_contact_method": "email"})
    clock(at(date(2025, 12, 3)))  # the day after Stroud's meeting on 2 December

    carried = runtime.casework.carry_forward(session)
    assert [r.id for r in carried] == [request.id]
    assert runtime.casework.carry_forward(session) == []  # once, not every run
    session.expire_all()
    again = queue.get_request(session, coordinator, request.id)
    assert (again.meeting_on, again.carried_from) == (date(2025, 12, 16), date(2025, 12, 2))
    entry = queue.request_history(session, coordinator, request.id)[-1]
    assert entry.action == "carry_forward" and "2025-12-02" in entry.note
    told = session.scalars(select(OutboxMessage)
                           .where(OutboxMessage.request_id == request.id,
                                  OutboxMessage.kind == "carried_forward")).all()
    assert told and "Tuesday 16 December" in told[0].body
    agenda = runtime.requests.next_meeting_agenda(session, coordinator, "stroud",
                                                  now=at(date(2025, 12, 3)))
    assert [(i.reference, i.carried_forward_from) for i in agenda.items] == [
        (request.reference, date(2025, 12, 2))]


@pytest.mark.postgres
def test_two_ageing_runs_at_once_carry_a_missed_meeting_forward_once(
        runtime, clock, monkeypatch):
    if runtime.database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the race needs PostgreSQL")
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from pathway_bot.persistence.models.requests import RequestEvent

    with runtime.database.session() as session:
        request = create_request(session, runtime, now=NOW)
    clock(at(date(2025, 12, 3)))
    times = runtime.casework.times
    both_read = threading.Barrier(2, timeout=10)
    listed_for = times.listed_for

    def read_then_wait(found):
        day = listed_for(found)
        both_read.wait()
        return day

    monkeypatch.setattr(times, "listed_for", read_then_wait)

    def run() -> int:
        with runtime.database.session() as session:
            return len(runtime.casework.carry_forward(session))

    with ThreadPoolExecutor(2) as pool:
        carried = sorted(pool.map(lambda _: run(), range(2)))
    assert carried == [0, 1]
    with runtime.database.session() as session:
        entries = session.scalars(select(RequestEvent).where(
            RequestEvent.request_id == request.id,
            RequestEvent.action == "carry_forward")).all()
    assert len(entries) == 1


def test_migration_0013_fills_in_the_response_times_already_met_from_the_history(
        session, runtime, clock, coordinator, key_worker):
    from pathway_bot.persistence.migrate import downgrade_schema, upgrade_schema

    request = allocated(session, runtime, coordinator, key_worker)
    request_id = request.id
    session.close()
    engine = runtime.database.engine
    downgrade_schema(engine, "0011")
    upgrade_schema(engine)
    with runtime.database.session() as fresh:
        again = queue.get_request(fresh, coordinator, request_id)
        assert again.acknowledged_at == NOW + timedelta(hours=1)
        assert again.allocated_at == again.decided_at == at(date(2025, 12, 2), 15)
        assert again.first_contact_at is None and again.key_worker is None


def test_nothing_more_is_recorded_on_a_request_erased_at_the_familys_request(
        session, runtime, clock, coordinator, key_worker):
    from pathway_bot.errors import Conflict
    from pathway_bot.requests.service import erase_requests_for_conversation

    request = allocated(session, runtime, coordinator, key_worker)
    erase_requests_for_conversation(session, request.conversation_id, NOW)
    session.commit()
    with pytest.raises(Conflict):
        runtime.casework.record_plan(session, key_worker, request.id, a_plan())
    session.expire_all()
    again = queue.get_request(session, key_worker, request.id)
    assert again.status == "allocated" and again.plan is None and again.key_worker is None
