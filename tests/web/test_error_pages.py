"""An address no route answers, or a fault on our side, is a page with a way out."""

import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("url", ["/questions", "/no-such-page", "/q"])
def test_an_unknown_address_in_a_browser_is_a_page_with_quick_exit(client, url):
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="en"' in page and "<title>" in page
    assert 'href="/exit"' in page and "data-quick-exit" in page
    assert "Page not found" in page or "not found" in page.lower()


def test_an_unknown_api_address_stays_a_problem_even_from_a_browser(client):
    response = client.get("/api/v1/nothing-here", headers=BROWSER)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_an_unknown_address_for_a_program_stays_a_problem(client):
    response = client.get("/questions", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_a_fault_on_a_page_is_a_page_with_quick_exit_and_no_trace(client, runtime,
                                                                  monkeypatch):
    def broken(**_kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(runtime.conversations, "start", broken)
    start_page = client.get("/").get_data(as_text=True)
    csrf = start_page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/start", data={"who": "parent_carer", "csrf_token": csrf},
                           headers=BROWSER)
    assert response.status_code == 500 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'href="/exit"' in page and '<html lang="en"' in page
    assert "secret detail" not in page and "Traceback" not in page


def test_a_postcode_outside_the_county_is_a_short_error_with_a_link_to_their_council(
        visitor, runtime):
    from tests.support.readability import words

    visitor.start()
    visitor.answer(False)
    visitor.answer(7)
    response = visitor.answer("BS1 4DJ")
    assert response.status_code == 422
    message = runtime.text("error.postcode_outside", "en")
    assert words(message) <= 20
    assert f'<a href="{runtime.area.find_your_council_url}">' in visitor.page


def test_the_printed_summary_carries_the_date_the_service_its_address_safety_numbers_and_next_step(
        visitor, family_engine, runtime):
    from tests.web.helpers import ELIGIBLE

    visitor.start()
    visitor.walk(ELIGIBLE, family_engine)
    page = visitor.get("/summary").get_data(as_text=True)
    assert runtime.text("web.service_name", "en") in page
    assert runtime.config.notifications.public_url.rstrip("/") + "/" in page
    today = runtime.requests.calendar.local_date(runtime.clock())
    assert str(today.year) in page and str(today.day) in page
    assert "999" in page and "01452 426565" in page
    assert "What to do next" in page and "ask for help from the local team" in page


def test_the_printed_summary_names_the_reference_once_a_request_is_sent(visitor, family_engine):
    from tests.web.test_requests_pages import raised

    reference = raised(visitor, family_engine)
    page = visitor.get("/summary").get_data(as_text=True)
    assert f"Keep your reference, {reference}" in page
