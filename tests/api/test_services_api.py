"""GET /api/v1/services and /api/v1/services/{id}: ORUK 3.0 pages, filters, problems."""

import pytest

from tests.directory_support import needs_oruk, schema_errors

PAGE_FIELDS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
               "empty", "contents"}


def test_list_services_returns_an_oruk_3_page(client):
    response = client.get("/api/v1/services?per_page=5")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= PAGE_FIELDS
    assert (body["page_number"], body["size"], body["first_page"]) == (1, 5, True)
    assert body["total_pages"] == -(-body["total_items"] // 5)
    assert len(body["contents"]) == 5 and not body["empty"]


def test_the_last_page_says_so(client):
    first = client.get("/api/v1/services?per_page=20").get_json()
    last = client.get(f"/api/v1/services?per_page=20&page={first['total_pages']}").get_json()
    assert last["last_page"] and not last["first_page"]


def test_a_page_past_the_end_is_empty_and_still_counts_every_service(client):
    total = client.get("/api/v1/services").get_json()["total_items"]
    body = client.get("/api/v1/services?page=999").get_json()
    assert body["empty"] and body["contents"] == [] and body["total_items"] == total > 0


@pytest.mark.parametrize("query, check", [
    ("need=caring_responsibilities",
     lambda s: any(a["taxonomy_term"]["term"] == "caring_responsibilities"
                   for a in s["attributes"])),
    ("tier=targeted", lambda s: any(a["taxonomy_term"]["term"] == "targeted"
                                    for a in s["attributes"])),
    ("age=3", lambda s: s.get("minimum_age", 0) <= 3 <= s.get("maximum_age", 200)),
    ("district=forest_of_dean",
     lambda s: "Forest of Dean" in {a["name"] for a in s["service_areas"]}),
    ("q=autisim", lambda s: True),
])
def test_each_filter_narrows_the_list(client, query, check):
    every = client.get("/api/v1/services").get_json()["total_items"]
    body = client.get(f"/api/v1/services?per_page=100&{query}").get_json()
    assert 0 < body["total_items"] < every or query.startswith("age")
    assert all(check(service) for service in body["contents"])


def test_a_misspelt_search_says_what_it_searched_for_instead(client):
    body = client.get("/api/v1/services?q=dyslexa").get_json()
    assert body["corrections"] == {"dyslexa": ["dyslexia"]} and body["total_items"] > 0


def test_filters_may_be_repeated_to_mean_any_of(client):
    one = client.get("/api/v1/services?need=health").get_json()["total_items"]
    both = client.get("/api/v1/services?need=health&need=caring_responsibilities").get_json()
    assert both["total_items"] > one


@pytest.mark.parametrize("query, field", [
    ("age=-1", "age"), ("age=old", "age"), ("need=astrology", "need"), ("tier=gold", "tier"),
    ("district=bristol", "district"), ("per_page=1000", "per_page"), ("page=0", "page"),
    ("colour=blue", "colour"), ("q=" + "x" * 201, "q"),
])
def test_a_bad_query_is_a_422_problem_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_one_service_by_id(client):
    listed = client.get("/api/v1/services?per_page=1").get_json()["contents"][0]
    response = client.get(f"/api/v1/services/{listed['id']}")
    assert response.status_code == 200
    assert response.get_json()["name"] == listed["name"]


def test_an_unknown_service_is_a_404_problem(client):
    response = client.get("/api/v1/services/3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


@needs_oruk
def test_a_services_page_and_a_single_service_validate_against_oruk_3(client):
    page = client.get("/api/v1/services?per_page=100").get_json()
    assert schema_errors("service_list", page) == []
    one = client.get(f"/api/v1/services/{page['contents'][0]['id']}").get_json()
    assert schema_errors("service", one) == []


def test_the_services_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/services" in paths and "/api/v1/services/{service_id}" in paths


def test_everyday_words_find_what_the_service_never_calls_itself(client):
    body = client.get("/api/v1/services?q=respite&per_page=3").get_json()
    assert body["contents"][0]["name"].startswith("Short breaks")


def test_a_family_audience_filter_leaves_out_practitioner_lines(client):
    body = client.get("/api/v1/services?audience=families&per_page=100").get_json()
    for service in body["contents"]:
        audiences = {a["taxonomy_term"]["term"] for a in service["attributes"]
                     if a["taxonomy_term"]["taxonomy"] == "pathway-bot:audience"}
        assert "families" in audiences


def test_each_service_says_where_its_way_in_came_from_and_when(client):
    body = client.get("/api/v1/services?per_page=100").get_json()
    for service in body["contents"]:
        assert service["assurance_source"].startswith("http")
        assert service["assurance_source_quote"] and service["assured_date"] == "2026-12-01"
