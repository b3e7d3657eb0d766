"""A family on the web chat, and staff in the console, with two councils on one deployment."""

from __future__ import annotations

from tests.requests_factories import create_key, create_request
from tests.staff_factories import create_staff
from tests.web.console_helpers import StaffVisitor
from tests.web.helpers import ELIGIBLE, Visitor

SOUTH_GLOS = "south_gloucestershire"
KINGSWOOD = {**ELIGIBLE, "postcode": "BS15 9TR", "district": "sg_kingswood"}


def test_the_start_page_says_which_councils_the_service_is_for(client):
    page = client.get("/").get_data(as_text=True)
    assert "This service is for Gloucestershire and South Gloucestershire." in page
    own = client.get("/south-gloucestershire/").get_data(as_text=True)
    assert "data-areas" not in own  # a council's own page is for that council alone
    assert 'action="/south-gloucestershire/start"' in own


def test_a_kingswood_family_is_asked_about_south_gloucestershire_places(client, runtime):
    visitor = Visitor(client)
    visitor.start()
    engine = runtime.engines.get("family")
    from tests.support.scripted import scripted_answer

    while visitor.question != "postcode":
        visitor.answer(scripted_answer(engine.flow.questions[visitor.question], KINGSWOOD))
    visitor.answer("BS15 9TR")
    assert visitor.question == "district"
    assert "Which part of South Gloucestershire do you live in?" in visitor.page
    assert "Kingswood, Hanham and Downend" in visitor.page
    assert "Stroud" not in visitor.page


def test_their_outcome_points_to_south_gloucestershire_s_local_offer(client, runtime):
    visitor = Visitor(client)
    visitor.start()
    visitor.walk(KINGSWOOD, runtime.engines.get("family"))
    visitor.get("/outcome")
    south = runtime.for_area(SOUTH_GLOS).area
    assert south.local_offer_url.replace("&", "&amp;") in visitor.page
    assert runtime.area.local_offer_url not in visitor.page


def _requests_in_both_areas(runtime):
    with runtime.database.session() as session:
        create_request(session, runtime, profile={"district": "stroud"})
        create_request(session, runtime.for_area(SOUTH_GLOS),
                       profile={"district": "sg_kingswood"})


def _south_glos_coordinator(client, runtime) -> StaffVisitor:
    south = runtime.for_area(SOUTH_GLOS)
    with runtime.database.session() as session:
        person = create_staff(session, south.staff, districts=("sg_kingswood",),
                              email="jo@southglos.example")
    visitor = StaffVisitor(client)
    visitor.get("/south-gloucestershire/console/sign-in")
    visitor.post("/south-gloucestershire/console/sign-in",
                 {"email": person.email, "password": person.password})
    from tests.staff_factories import next_code

    visitor.post("/south-gloucestershire/console/sign-in/code",
                 {"code": next_code(person, runtime.clock())})
    return visitor


def test_a_south_gloucestershire_coordinator_sees_only_their_own_queue(client, runtime):
    _requests_in_both_areas(runtime)
    visitor = _south_glos_coordinator(client, runtime)
    queue = visitor.get("/south-gloucestershire/console")
    assert queue.status_code == 200
    assert "Kingswood, Hanham and Downend" in visitor.page
    assert "Stroud" not in visitor.page


def test_their_account_does_not_open_gloucestershire_s_console(client, runtime):
    _south_glos_coordinator(client, runtime)
    response = client.get("/console/", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/console/sign-in" in response.headers["Location"]


def test_gloucestershire_s_accounts_cannot_sign_in_to_south_gloucestershire(client, runtime):
    with runtime.database.session() as session:
        person = create_staff(session, runtime.staff, districts=("stroud",))
    visitor = StaffVisitor(client)
    visitor.get("/south-gloucestershire/console/sign-in")
    visitor.post("/south-gloucestershire/console/sign-in",
                 {"email": person.email, "password": person.password})
    assert "/sign-in/code" not in visitor.path


def test_a_south_gloucestershire_manager_reads_only_its_insights(client, runtime):
    from tests.insights_factories import profile_for, walk

    for _ in range(5):
        walk(runtime, profile_for("stroud", 9))
    south = runtime.for_area(SOUTH_GLOS)
    with runtime.database.session() as session:
        _, text = create_key(session, south, role="manager", districts=south.area.district_ids,
                             name="South Gloucestershire manager")
    headers = {"Authorization": f"Bearer {text}"}
    page = client.get("/console/insights", query_string={"from": "2025-01", "to": "2026-12"},
                      headers=headers)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kingswood, Hanham and Downend" in html and "Stroud" not in html
    under_glos = client.get("/gloucestershire/console/insights", headers=headers)
    assert under_glos.status_code == 403
