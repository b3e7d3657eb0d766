"""The allocations console without JavaScript: signing in, the queue, a request read before
it is claimed, claim / allocate / decline / transfer, the meeting, and the districts."""

from __future__ import annotations

import re

import pytest

from pathway_bot.persistence.models.requests import SupportRequest
from pathway_bot.persistence.models.staff import MeetingDecision, StaffAccount
from tests.requests_factories import create_request
from tests.staff_factories import create_staff, next_code
from tests.web.console_helpers import StaffVisitor, signed_in_staff


@pytest.fixture
def raised(runtime):
    def make(**profile):
        with runtime.database.session() as session:
            request = create_request(session, runtime, profile=profile or None)
            session.commit()
            return request.id, request.reference
    return make


def _status(runtime, request_id):
    with runtime.database.session() as session:
        return session.get(SupportRequest, request_id)


def test_a_coordinator_signs_in_with_password_and_code_and_sees_their_queue(
        client, runtime, raised):
    _id, reference = raised()
    visitor, _person = signed_in_staff(client, runtime)
    assert visitor.path == "/console/queue"
    assert reference in visitor.page


def test_a_request_is_read_in_full_before_anyone_claims_it(client, runtime, raised):
    request_id, reference = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.get(f"/console/requests/{request_id}")
    assert reference in visitor.page and "He will not go into school" in visitor.page
    assert _status(runtime, request_id).status == "queued"


def test_claim_then_allocate_to_a_named_key_worker_is_in_the_history_under_the_name(
        client, runtime, raised):
    request_id, _ = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.post(f"/console/requests/{request_id}/claim")
    visitor.post(f"/console/requests/{request_id}/allocate",
                 {"allocate_to": "person", "lead_name": "Jo Keyworker", "lead_role": "key worker"})
    assert _status(runtime, request_id).status == "allocated"
    assert re.search(r'data-event="allocate">[^<]*Sam Coordinator', visitor.page)


def test_decline_without_signposting_shows_the_error_summary_and_changes_nothing(
        client, runtime, raised):
    request_id, _ = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.post(f"/console/requests/{request_id}/claim")
    response = visitor.post(f"/console/requests/{request_id}/decline",
                            {"decline_reason": "Needs are met at school", "signposted_to": ""})
    assert response.status_code == 422
    assert "error-summary" in visitor.page and 'href="#signposted_to"' in visitor.page
    assert _status(runtime, request_id).status == "claimed"


@pytest.mark.parametrize(("path", "form", "field"), [
    ("allocate", {"allocate_to": ""}, "allocate_to"),
    ("allocate", {"allocate_to": "service", "service": "Not a real service"}, "service"),
    ("allocate", {"allocate_to": "person", "lead_name": "", "lead_role": "x"}, "lead_name"),
    ("decline", {"decline_reason": "", "signposted_to": "x"}, "decline_reason"),
    ("transfer", {"transfer_district": "stroud", "transfer_reason": "x"}, "transfer_district"),
    ("transfer", {"transfer_district": "cotswold", "transfer_reason": " "}, "transfer_reason"),
])
def test_every_bad_form_gets_the_error_summary_and_changes_nothing(
        client, runtime, raised, path, form, field):
    request_id, _ = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.post(f"/console/requests/{request_id}/claim")
    response = visitor.post(f"/console/requests/{request_id}/{path}", form)
    assert response.status_code == 422
    assert f'href="#{field}"' in visitor.page
    stored = _status(runtime, request_id)
    assert (stored.status, stored.district) == ("claimed", "stroud")


def test_a_transfer_moves_the_request_and_both_groups_see_it(client, runtime, raised):
    request_id, reference = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.post(f"/console/requests/{request_id}/transfer",
                 {"transfer_district": "cotswold", "transfer_reason": "The family moved"})
    stored = _status(runtime, request_id)
    assert (stored.district, stored.status) == ("cotswold", "queued")
    assert f'data-transfer="{reference}"' in visitor.page  # the old group's list
    assert f'data-request="{reference}"' not in visitor.page

    other = StaffVisitor(client.application.test_client())
    with runtime.database.session() as session:
        cotswold = create_staff(session, runtime.staff, districts=("cotswold",),
                                email="cot@example.org", name="Cotswold Coordinator")
    other.sign_in(cotswold, runtime, steps_ahead=1)
    assert f'data-request="{reference}"' in other.page
    assert "Transferred from Stroud" in other.page
    other.get(f"/console/requests/{request_id}")
    assert "The family moved" in other.page


def test_someone_else_claiming_first_is_shown_plainly_and_never_a_double_hold(
        client, runtime, raised):
    request_id, _ = raised()
    first, _ = signed_in_staff(client, runtime)
    second = StaffVisitor(client.application.test_client())
    with runtime.database.session() as session:
        other = create_staff(session, runtime.staff, email="b@example.org", name="Bea Other")
    second.sign_in(other, runtime)
    second.get(f"/console/requests/{request_id}")  # both have the request open
    first.post(f"/console/requests/{request_id}/claim")
    response = second.post(f"/console/requests/{request_id}/claim")
    assert response.status_code == 409
    assert "data-conflict" in second.page
    with runtime.database.session() as session:
        holder = session.get(SupportRequest, request_id).claimed_by
        assert session.get(StaffAccount, holder).name == "Sam Coordinator"


def test_a_coordinator_sees_nothing_of_another_districts_requests(client, runtime, raised):
    request_id, reference = raised()  # in Stroud
    visitor, _ = signed_in_staff(client, runtime, districts=("cotswold",),
                                 email="cot@example.org")
    pages = ["/console/queue", "/console/meetings", "/console/meetings/cotswold"]
    for page in pages:
        visitor.get(page)
        assert reference not in visitor.page and request_id not in visitor.page
    assert visitor.get(f"/console/requests/{request_id}").status_code == 404
    assert visitor.get("/console/meetings/stroud").status_code == 404
    assert visitor.post(f"/console/requests/{request_id}/claim").status_code == 404
    assert _status(runtime, request_id).status == "queued"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(client, runtime, raised):
    request_id, _ = raised()
    visitor, _ = signed_in_staff(client, runtime)
    response = visitor.post(f"/console/requests/{request_id}/claim", with_token=False)
    assert response.status_code == 400
    assert _status(runtime, request_id).status == "queued"


def test_twenty_minutes_idle_signs_the_person_out_and_the_next_form_changes_nothing(
        client, runtime, raised):
    request_id, _ = raised()
    visitor, _ = signed_in_staff(client, runtime)
    token = visitor.csrf_token()
    with client.session_transaction() as cookie:
        cookie["console_staff"]["seen"] -= 20 * 60 + 1
        cookie.modified = True
    visitor.post(f"/console/requests/{request_id}/claim", {"csrf_token": token},
                 with_token=False)
    assert visitor.path == "/console/signed-out"
    assert "data-timed-out" in visitor.page
    assert _status(runtime, request_id).status == "queued"
    assert visitor.get("/console/queue").request.path == "/console/sign-in"


def test_a_replayed_code_does_not_sign_in_again(client, runtime):
    with runtime.database.session() as session:
        person = create_staff(session, runtime.staff)
    first = StaffVisitor(client)
    code = next_code(person, runtime.clock())
    first.post("/console/sign-in", {"email": person.email, "password": person.password})
    first.post("/console/sign-in/code", {"code": code})
    assert first.path == "/console/queue"
    second = StaffVisitor(client.application.test_client())
    second.post("/console/sign-in", {"email": person.email, "password": person.password})
    response = second.post("/console/sign-in/code", {"code": code})
    assert response.status_code == 401
    assert "error-summary" in second.page


def test_a_recovery_code_signs_in_once(client, runtime):
    with runtime.database.session() as session:
        person = create_staff(session, runtime.staff)
    for attempt, expected in ((1, "/console/queue"), (2, "/console/sign-in/code")):
        visitor = StaffVisitor(client.application.test_client())
        visitor.post("/console/sign-in", {"email": person.email, "password": person.password})
        visitor.post("/console/sign-in/code", {"code": person.recovery_codes[0]})
        if attempt == 1:
            assert visitor.path == expected
        else:
            assert visitor.response.status_code == 401


def test_five_wrong_passwords_lock_the_account_with_the_same_message(client, runtime):
    with runtime.database.session() as session:
        person = create_staff(session, runtime.staff)
    visitor = StaffVisitor(client)
    messages = set()
    for _ in range(5):
        visitor.post("/console/sign-in", {"email": person.email, "password": "wrong one!"})
        messages.add(re.search(r'<li><a href="#email">([^<]+)', visitor.page).group(1))
    visitor.post("/console/sign-in", {"email": "nobody@example.org", "password": "x"})
    messages.add(re.search(r'<li><a href="#email">([^<]+)', visitor.page).group(1))
    response = visitor.post("/console/sign-in", {"email": person.email,
                                                 "password": person.password})
    assert response.status_code == 401
    assert len(messages) == 1


def test_an_empty_sign_in_form_gets_the_error_summary(client):
    visitor = StaffVisitor(client)
    response = visitor.post("/console/sign-in", {"email": "", "password": ""})
    assert response.status_code == 422
    assert 'href="#email"' in visitor.page and 'href="#password"' in visitor.page


def test_a_decision_taken_in_the_meeting_is_recorded_against_it(client, runtime, raised):
    request_id, reference = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.get("/console/meetings/stroud")
    day = re.search(r'meeting=(\d{4}-\d{2}-\d{2})', visitor.page).group(1)
    visitor.post(f"/console/requests/{request_id}/claim", {"meeting": day})
    visitor.post(f"/console/requests/{request_id}/decline",
                 {"meeting": day, "decline_reason": "Met by school",
                  "signposted_to": "The school SENCo"})
    with runtime.database.session() as session:
        decision = session.query(MeetingDecision).one()
        assert (decision.meeting_date, decision.outcome, decision.reference) == (
            day, "decline", reference)
    visitor.get(f"/console/meetings/stroud/{day}")
    assert f'data-decision="{reference}"' in visitor.page


def test_the_agenda_groups_requests_by_tier_with_their_flags(client, runtime, raised):
    _id, reference = raised()
    visitor, _ = signed_in_staff(client, runtime)
    visitor.get("/console/meetings/stroud")
    assert f'data-agenda-item="{reference}"' in visitor.page
    assert "console-agenda-section" in visitor.page


def test_a_set_up_link_takes_a_person_through_password_app_and_recovery_codes(client, runtime):
    with runtime.database.session() as session:
        link = runtime.staff.create(session, role="coordinator", districts=["stroud"],
                                    email="new@example.org", name="New Person")
    visitor = StaffVisitor(client)
    visitor.get(f"/console/set-up/{link.token}")
    visitor.post(f"/console/set-up/{link.token}", {"password": "short", "confirm": "short"})
    assert visitor.response.status_code == 422 and 'href="#password"' in visitor.page
    visitor.post(f"/console/set-up/{link.token}",
                 {"password": "a long enough password", "confirm": "a long enough password"})
    assert "<svg" in visitor.page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', visitor.page).group(1)
    from pathway_bot.staff import totp
    visitor.post(f"/console/set-up/{link.token}/app",
                 {"code": totp.code_at(secret, runtime.clock())})
    assert len(re.findall(r"<li><code>", visitor.page)) == 10
    assert visitor.get(f"/console/set-up/{link.token}").status_code == 404


def test_a_service_manager_reads_the_queue_but_cannot_claim(client, runtime, raised):
    request_id, reference = raised()
    visitor, _ = signed_in_staff(client, runtime, role="service_manager",
                                 email="m@example.org", name="Morgan Manager")
    assert reference in visitor.page
    visitor.get(f"/console/requests/{request_id}")
    assert 'data-action="claim"' not in visitor.page
    assert visitor.post(f"/console/requests/{request_id}/claim").status_code == 403
    assert _status(runtime, request_id).status == "queued"


def test_a_key_worker_lands_on_their_own_page_and_not_the_queue(client, runtime, raised):
    _id, reference = raised()
    visitor, _ = signed_in_staff(client, runtime, role="key_worker", email="k@example.org",
                                 name="Kit Keyworker")
    assert visitor.path == "/console/key-worker"
    assert visitor.get("/console/queue").status_code == 403
    assert reference not in visitor.page


def test_wrong_sign_ins_from_one_address_across_accounts_are_limited(config):
    from pathway_bot.app import create_app

    app = create_app(config.with_overrides(ratelimit_enabled=True,
                                           ratelimit_failed_authentication="3 per minute"))
    try:
        visitor = StaffVisitor(app.test_client())
        statuses = [visitor.post("/console/sign-in", {"email": f"p{n}@example.org",
                                                      "password": "guess"}).status_code
                    for n in range(4)]
        assert statuses == [401, 401, 401, 429]
    finally:
        app.extensions["pathway_bot"].database.dispose()


def test_the_console_is_in_english_whatever_the_browser_asks_for(client):
    page = client.get("/console/sign-in", headers={"Accept-Language": "cy"})
    text = page.get_data(as_text=True)
    assert '<html lang="en"' in text and "Skip to main content" in text
    assert "Neidio" not in text
