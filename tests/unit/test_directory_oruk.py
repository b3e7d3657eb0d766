"""ORUK reading and writing without a database."""

import copy
import json

from pathway_bot.directory.oruk_export import export_feed, service_to_oruk, services_page
from pathway_bot.directory.oruk_import import ORUK_1, ORUK_3, AreaNames, read_feed
from pathway_bot.directory.records import Contact, Language, Location, Phone, Schedule
from tests.directory_support import (
    create_service,
    default_feed_path,
    example,
    needs_oruk,
    schema_errors,
)

AREA = AreaNames(districts={"stroud": "Stroud", "forest_of_dean": "Forest of Dean",
                            "cheltenham": "Cheltenham"}, area_name="Gloucestershire")


def test_a_full_service_survives_export_and_import_unchanged():
    service = create_service(
        contacts=(Contact("3f7b145d-84af-42d7-8fae-eaca714b02b1", "Sam", "Lead",
                          "sam@example.org",
                          (Phone("3f7b145d-84af-42d7-8fae-eaca714b02b3", "01234 000000"),)),),
        locations=(Location("3f7b145d-84af-42d7-8fae-eaca714b02b4",
                            "3f7b145d-84af-42d7-8fae-eaca714b02b5", "Hall", None, 51.7, -2.2,
                            "3f7b145d-84af-42d7-8fae-eaca714b02b6", "1 High St", "Stroud",
                            "Gloucestershire", "GL5 1AA", "GB"),),
        schedules=(Schedule("3f7b145d-84af-42d7-8fae-eaca714b02b7", "Term time", "WEEKLY",
                            "MO", "09:00", "12:00"),),
        languages=(Language("3f7b145d-84af-42d7-8fae-eaca714b02b8", "Welsh", "cy"),),
    )
    reading = read_feed(json.loads(json.dumps(export_feed([service]))), AREA)
    assert reading.problems == []
    assert reading.services == [service]


def test_the_whole_area_as_a_service_area_means_every_district():
    feed = export_feed([create_service()])
    feed["contents"][0]["service_areas"] = [{"id": "3f7b145d-84af-42d7-8fae-eaca714b02b9",
                                             "name": "Gloucestershire"}]
    (service,) = read_feed(feed, AREA).services
    assert set(service.districts) == set(AREA.districts)


def test_a_bad_feed_reports_every_problem_with_where_it_is():
    good = service_to_oruk(create_service())
    bad = copy.deepcopy(good)
    bad.update(id="not-a-uuid", status="open", minimum_age=12, maximum_age=4, email="nope",
               url="ftp://x")
    del bad["organization"]
    bad["attributes"][0]["taxonomy_term"]["term"] = "astrology"
    reading = read_feed({"contents": [good, bad, good]}, AREA)
    text = "\n".join(reading.problems)
    for expected in ("contents[1].id", "contents[1].status", "contents[1].minimum_age",
                     "contents[1].email", "contents[1].url", "contents[1].organization",
                     "astrology", "appears more than once"):
        assert expected in text
    assert "contents[0]" not in text


def test_something_that_is_not_a_feed_is_one_clear_problem():
    assert read_feed("hello", AREA).problems[0].startswith("file:")
    assert read_feed({"contents": "x"}, AREA).problems == ["contents: must be a list of services"]


def test_an_oruk_1_feed_is_recognised_and_read():
    feed = {"totalElements": 1, "content": [{
        "id": "svc-17", "name": "Stroud play group", "status": "active",
        "organization": {"id": "org-3", "name": "Play Ltd", "description": "Play"},
        "eligibilitys": [{"id": "e1", "minimum_age": 2, "maximum_age": 4}],
        "service_areas": [{"id": "a1", "service_area": "Stroud"}],
        "service_taxonomys": [{"id": "t1", "taxonomy": {"id": "x1", "name": "early_help",
                                                          "vocabulary": "pathway-bot:tier"}}],
        "contacts": [{"id": "c1", "name": "Jo", "phones": [{"id": "p1", "number": "01453 000"}]}],
        "languages": [{"id": "l1", "language": "English"}],
        "regular_schedules": [{"id": "r1", "opens_at": "09:00", "closes_at": "11:00",
                               "byday": "TU"}],
    }]}
    reading = read_feed(feed, AREA)
    assert reading.version == ORUK_1 and reading.problems == []
    (service,) = reading.services
    assert (service.min_age, service.max_age, service.districts) == (2, 4, ("stroud",))
    assert service.tiers == ("early_help",)
    assert service.contacts[0].phones[0].number == "01453 000"
    assert read_feed(feed, AREA).services[0].id == service.id  # stable ids for re-imports


@needs_oruk
def test_the_synthetic_oruk_3_examples_read_without_problems():
    for name in ("service_full", "service_list"):
        reading = read_feed(example(name), AREA)
        assert reading.version == ORUK_3
        assert reading.problems == [], name
        assert reading.services[0].min_age == 12


@needs_oruk
def test_an_exported_service_and_page_validate_against_the_oruk_3_schemas():
    service = create_service()
    assert schema_errors("service", service_to_oruk(service)) == []
    page = services_page([service], total_items=1, page_number=1, size=10)
    assert schema_errors("service_list", page) == []


@needs_oruk
def test_every_default_service_validates_against_the_oruk_3_schema():
    feed = json.loads(default_feed_path().read_text(encoding="utf-8"))
    assert schema_errors("service_list", feed) == []
    for item in feed["contents"]:
        assert schema_errors("service", item) == [], item["name"]
