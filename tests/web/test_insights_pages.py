"""The insights pages under /console/insights: for managers only, each chart with its table
and its summary, small numbers hidden."""

from __future__ import annotations

import re

from tests.insights_factories import profile_for, walk
from tests.requests_factories import create_key, create_request

PERIOD = {"from": "2025-01", "to": "2026-12"}
PAGES = ("", "/where-people-stop", "/feedback", "/equality")


def _manager(runtime, districts=None):
    with runtime.database.session() as session:
        _, text = create_key(session, runtime, role="manager",
                             districts=districts or runtime.area.district_ids, name="Manager")
    return {"Authorization": f"Bearer {text}"}


def _figures(runtime):
    for age in (3, 6, 8, 9, 12, 15):
        walk(runtime, profile_for("stroud", age))
    walk(runtime, profile_for("cheltenham", 9), stop_after=2)
    with runtime.database.session() as session:
        for _ in range(5):
            create_request(session, runtime)


def test_every_insights_page_shows_its_figures_to_a_manager(client, runtime):
    _figures(runtime)
    headers = _manager(runtime)
    for page in PAGES:
        response = client.get(f"/console/insights{page}", query_string=PERIOD, headers=headers)
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert "<svg" in html or "switched off" in html, page
        assert response.headers["Cache-Control"] == "no-store"


def test_the_overview_hides_small_numbers_and_says_so(client, runtime):
    _figures(runtime)
    html = client.get("/console/insights", query_string=PERIOD,
                      headers=_manager(runtime)).get_data(as_text=True)
    assert "fewer than 5" in html
    assert re.search(r"Conversations started</dt><dd>7<", html)
    # Every chart comes with a table of the same figures and a sentence saying what it shows.
    assert html.count("<svg") <= html.count("<table")
    assert html.count('class="insight__summary"') >= html.count("<svg")


def test_where_people_stop_shows_the_question_as_it_was_asked(client, runtime, catalogs):
    _figures(runtime)
    html = client.get("/console/insights/where-people-stop", query_string=PERIOD,
                      headers=_manager(runtime)).get_data(as_text=True)
    first = runtime.engines.get("family").start().step.question
    assert catalogs.text(first.text, "en").split("'")[0] in html.replace("&#39;", "'")


def test_the_insights_pages_are_for_managers_only(client, runtime):
    assert client.get("/console/insights").status_code == 401
    with runtime.database.session() as session:
        _, text = create_key(session, runtime, role="coordinator")
    response = client.get("/console/insights", headers={"Authorization": f"Bearer {text}"})
    assert response.status_code == 403
    assert "for service managers" in response.get_data(as_text=True)


def test_a_period_that_cannot_be_read_shows_an_error_summary(client, runtime):
    response = client.get("/console/insights", query_string={"from": "April"},
                          headers=_manager(runtime))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#filter-from"' in html


def test_a_district_manager_is_offered_only_their_districts(client, runtime):
    html = client.get("/console/insights", headers=_manager(runtime, ("stroud",))) \
        .get_data(as_text=True)
    assert 'value="stroud"' in html and 'value="cheltenham"' not in html


def test_the_exports_download_as_csv(client, runtime):
    _figures(runtime)
    headers = _manager(runtime)
    for path in ("/console/insights/export.csv", "/console/insights/feedback-by-service.csv"):
        response = client.get(path, query_string=PERIOD, headers=headers)
        assert response.status_code == 200 and response.mimetype == "text/csv", path


def test_a_service_manager_signed_in_to_the_console_reads_the_insights(client, runtime):
    from tests.web.console_helpers import signed_in_staff

    _figures(runtime)
    visitor, _ = signed_in_staff(client, runtime, role="service_manager",
                                 email="m@example.org", name="Morgan Manager")
    response = visitor.get("/console/insights?from=2025-01&to=2026-12")
    assert response.status_code == 200
    assert "<svg" in response.get_data(as_text=True)


def test_a_coordinator_signed_in_to_the_console_may_not_read_the_insights(client, runtime):
    from tests.web.console_helpers import signed_in_staff

    visitor, _ = signed_in_staff(client, runtime, role="coordinator",
                                 email="c@example.org", name="Cam Coordinator")
    assert visitor.get("/console/insights").status_code == 403


def test_the_overview_shows_requests_moved_closed_and_past_their_response_times(client,
                                                                                 runtime):
    from datetime import timedelta

    from pathway_bot.requests import queue
    from pathway_bot.requests.moves import Actor
    from pathway_bot.requests.transfers import transfer_request
    from tests.requests_factories import NOW

    _figures(runtime)  # five requests in Stroud, raised long ago and never acknowledged
    with runtime.database.session() as session:
        coordinator, _ = create_key(session, runtime)
        for _ in range(5):
            request = create_request(session, runtime)
            queue.claim_request(session, coordinator, request.id, now=NOW + timedelta(days=1))
            queue.allocate_request(session, coordinator, request.id,
                                   now=NOW + timedelta(days=1), to="Stroud Family Support",
                                   lead_professional=None, note=None)
            runtime.casework.close(session, coordinator, request.id, reason="Finished")
        for _ in range(5):
            transfer_request(session, coordinator, create_request(session, runtime).id,
                             area=runtime.area, to_district="cheltenham",
                             reason="The family moved", actor=Actor.from_key(coordinator),
                             now=NOW)
        manager, text = create_key(session, runtime, role="manager",
                                   districts=runtime.area.district_ids, name="Manager")
    html = client.get("/console/insights", query_string=PERIOD,
                      headers={"Authorization": f"Bearer {text}"}).get_data(as_text=True)

    assert "Requests transferred and closed" in html
    assert re.search(r"5 requests were transferred out to another district and "
                     r"5 were closed", html)
    overdue = html[html.index('id="overdue-by-district"'):]
    overdue = overdue[:overdue.index("</table>")]
    with runtime.database.session() as session:
        report = runtime.insights.report(session, runtime.insights.scope_for(manager),
                                         runtime.insights.period("2025-01", "2026-12"),
                                         ("requests",))["requests"]["overdue"]
    shown = re.findall(r'class="table__numeric">([^<]+)</td>', overdue)
    in_words = [v for row in report["cells"] for v in row] + report["column_totals"]
    assert shown == ["fewer than 5" if v is None else str(v) for v in in_words]
    # five never decided in Stroud, five moved to Cheltenham (one hidden with the zeros)
    assert report["column_totals"][report["columns"].index("decide")] == 10
    assert "The response time missed most often is" in html


def test_a_service_manager_finds_the_insights_from_the_console_menu(client, runtime):
    from tests.web.console_helpers import signed_in_staff

    visitor, _ = signed_in_staff(client, runtime, role="service_manager",
                                 email="m@example.org", name="Morgan Manager")
    assert 'href="/console/insights"' in visitor.page
