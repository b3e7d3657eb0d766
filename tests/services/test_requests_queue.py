from datetime import timedelta

import pytest
from sqlalchemy import select

from pathway_bot.errors import Conflict, NotFound
from pathway_bot.persistence.models.requests import RequestEvent
from pathway_bot.requests import queue
from pathway_bot.requests.lifecycle import IllegalTransition
from pathway_bot.requests.service import withdraw_request
from tests.requests_factories import NOW, create_key, create_request

LATER = NOW + timedelta(hours=1)


@pytest.fixture
def session(runtime):
    with runtime.database.session() as session:
        yield session


@pytest.fixture
def stroud(session, runtime):
    return create_key(session, runtime, name="Stroud one")[0]


@pytest.fixture
def stroud_colleague(session, runtime):
    return create_key(session, runtime, name="Stroud two")[0]


def history(session, request):
    return [(e.action, e.from_status, e.to_status) for e in session.scalars(
        select(RequestEvent).where(RequestEvent.request_id == request.id)
        .order_by(RequestEvent.id))]


def test_the_queue_lists_own_districts_oldest_first(session, runtime, stroud):
    older = create_request(session, runtime)
    create_request(session, runtime, profile={"district": "cotswold"})
    newer = create_request(session, runtime)
    page = queue.list_requests(session, stroud, status="queued", page=1, per_page=10)
    assert [r.id for r in page.items] == [older.id, newer.id]
    assert page.total == 2


def test_the_queue_is_paged(session, runtime, stroud):
    made = [create_request(session, runtime).id for _ in range(5)]
    second = queue.list_requests(session, stroud, status="queued", page=2, per_page=2)
    assert [r.id for r in second.items] == made[2:4]
    assert second.total == 5


def test_pull_claims_the_oldest_queued_request(session, runtime, stroud):
    older = create_request(session, runtime)
    create_request(session, runtime)
    pulled = queue.pull_next_request(session, stroud, now=LATER)
    assert pulled.id == older.id
    assert (pulled.status, pulled.claimed_by) == ("claimed", stroud.id)
    assert history(session, pulled)[-1] == ("claim", "queued", "claimed")


def test_pull_returns_nothing_when_the_queue_is_empty(session, runtime, stroud):
    create_request(session, runtime, profile={"district": "gloucester"})
    assert queue.pull_next_request(session, stroud, now=LATER) is None


def test_pull_never_hands_out_a_request_twice(session, runtime, stroud, stroud_colleague):
    create_request(session, runtime)
    assert queue.pull_next_request(session, stroud, now=LATER) is not None
    assert queue.pull_next_request(session, stroud_colleague, now=LATER) is None


def test_claim_then_allocate_records_who_and_what(session, runtime, stroud):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    done = queue.allocate_request(session, stroud, request.id, now=LATER, to="Family Action",
                                  lead_professional={"name": "J. Worker"}, note="TAF booked")
    assert done.status == "allocated"
    assert history(session, request) == [("raise", None, "queued"),
                                         ("claim", "queued", "claimed"),
                                         ("allocate", "claimed", "allocated")]
    last = session.scalars(select(RequestEvent).order_by(RequestEvent.id.desc())).first()
    assert (last.actor_name, last.actor_role, last.note) == ("Stroud one", "coordinator",
                                                             "TAF booked")
    assert last.at == LATER


def test_claim_then_decline_keeps_the_reason_and_signposting(session, runtime, stroud):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    done = queue.decline_request(session, stroud, request.id, now=LATER,
                                 reason="The school's My Plan fits better.",
                                 signposted_to="The school's SENCo")
    assert done.status == "declined"
    assert "SENCo" in done.decision


def test_release_puts_a_request_back_in_its_place(session, runtime, stroud, stroud_colleague):
    request = create_request(session, runtime)
    create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    released = queue.release_request(session, stroud, request.id, now=LATER)
    assert (released.status, released.claimed_by) == ("queued", None)
    assert queue.pull_next_request(session, stroud_colleague, now=LATER).id == request.id


def test_claiming_twice_is_harmless(session, runtime, stroud):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    queue.claim_request(session, stroud, request.id, now=LATER)
    assert [a for a, _, _ in history(session, request)] == ["raise", "claim"]


def test_a_request_someone_else_holds_cannot_be_claimed(session, runtime, stroud,
                                                        stroud_colleague):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    with pytest.raises(Conflict):
        queue.claim_request(session, stroud_colleague, request.id, now=LATER)


@pytest.mark.parametrize("action", ["allocate", "decline", "release"])
def test_only_the_holder_may_decide_or_release(session, runtime, stroud, stroud_colleague,
                                               action):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    with pytest.raises(Conflict):
        _act(session, stroud_colleague, request, action)
    assert session.get(type(request), request.id).status == "claimed"


@pytest.mark.parametrize("action", ["allocate", "decline", "release"])
def test_an_unclaimed_request_cannot_be_decided_or_released(session, runtime, stroud, action):
    request = create_request(session, runtime)
    with pytest.raises(IllegalTransition):
        _act(session, stroud, request, action)


@pytest.mark.parametrize("action", ["allocate", "decline", "release", "claim"])
def test_a_decided_request_cannot_move_again(session, runtime, stroud, action):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    _act(session, stroud, request, "allocate")
    with pytest.raises(IllegalTransition):
        _act(session, stroud, request, action)
    assert len(history(session, request)) == 3


def test_the_family_can_withdraw_while_queued(session, runtime, stroud):
    request = create_request(session, runtime)
    withdraw_request(session, request, now=LATER)
    assert history(session, request)[-1] == ("withdraw", "queued", "withdrawn")
    assert queue.pull_next_request(session, stroud, now=LATER) is None


def test_the_family_cannot_withdraw_once_claimed(session, runtime, stroud):
    request = create_request(session, runtime)
    queue.claim_request(session, stroud, request.id, now=LATER)
    with pytest.raises(IllegalTransition):
        withdraw_request(session, request, now=LATER)


def test_another_district_s_request_does_not_exist_for_a_coordinator(session, runtime, stroud):
    request = create_request(session, runtime, profile={"district": "cotswold"})
    for attempt in (lambda: queue.get_request(session, stroud, request.id),
                    lambda: queue.claim_request(session, stroud, request.id, now=LATER),
                    lambda: queue.request_history(session, stroud, request.id)):
        with pytest.raises(NotFound):
            attempt()


def test_a_key_for_two_districts_sees_both(session, runtime):
    both = create_key(session, runtime, districts=("stroud", "cotswold"))[0]
    create_request(session, runtime)
    create_request(session, runtime, profile={"district": "cotswold"})
    assert queue.list_requests(session, both, status=None, page=1, per_page=10).total == 2


def _act(session, key, request, action):
    if action == "allocate":
        return queue.allocate_request(session, key, request.id, now=LATER, to="A service",
                                      lead_professional=None, note=None)
    if action == "decline":
        return queue.decline_request(session, key, request.id, now=LATER, reason="No",
                                     signposted_to=None)
    if action == "claim":
        return queue.claim_request(session, key, request.id, now=LATER)
    return queue.release_request(session, key, request.id, now=LATER)


def test_a_key_sees_nothing_of_another_areas_requests_in_a_district_of_the_same_name(
        session, runtime, stroud):
    elsewhere = create_request(session, runtime, area="another_area")
    assert queue.list_requests(session, stroud, status=None, page=1, per_page=10).items == []
    assert queue.pull_next_request(session, stroud, now=LATER) is None
    with pytest.raises(NotFound):
        queue.get_request(session, stroud, elsewhere.id)


def test_a_request_raised_from_a_conversation_belongs_to_the_conversations_area(runtime):
    view, _token = runtime.conversations.start(flow="family", locale="en")
    assert view.conversation.area == runtime.area.id == "gloucestershire"
    with runtime.conversation_store.turn() as turn:
        assert turn.get(view.conversation.id).area == "gloucestershire"
