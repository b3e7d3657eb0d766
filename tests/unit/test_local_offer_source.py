"""The Local Offer's reviewed source: every way in shown to families is on a public page,
quoted, and dated; the shipped feed is the one the source builds."""

import json
from datetime import date

import pytest

from pathway_bot.directory.importing import DEFAULT_SERVICES_FILE, SAMPLE_NOTICE
from pathway_bot.directory.local_offer_source import (
    SOURCE_FILE,
    check_record,
    read_source,
)
from pathway_bot.directory.oruk_export import export_feed
from pathway_bot.directory.oruk_import import AreaNames, read_feed
from pathway_bot.directory.taxonomy import FAMILIES, YOUNG_PEOPLE
from pathway_bot.i18n import load_catalogs
from pathway_bot.locations import default_locales_dir


@pytest.fixture(scope="module")
def names(area):
    catalogs = load_catalogs(default_locales_dir())
    return AreaNames({d.id: catalogs.text(d.name) for d in area.districts},
                     catalogs.text(area.name), area_id=area.id)


@pytest.fixture(scope="module")
def reading(area, names):
    return read_source(area.directory / SOURCE_FILE, names)


def good_record(**overrides) -> dict:
    record = {"id": "a-helpline", "name": "A helpline", "organisation": "A charity",
              "description": "Help.", "phones": ["0800 123 4567"],
              "source": "https://example.org/contact",
              "source_quote": "Call us free on 0800 123 4567.",
              "last_verified": date(2026, 12, 1), "audience": ["families"],
              "needs": ["health"], "tiers": ["universal"], "access": ["self_referral"]}
    return {**record, **overrides}


def test_every_record_in_the_source_passes_its_checks(reading):
    assert reading.problems == []
    assert len(reading.services) >= 40


def test_the_shipped_services_file_is_the_one_the_source_builds(area, reading):
    shipped = json.loads((area.directory / DEFAULT_SERVICES_FILE).read_text(encoding="utf-8"))
    built = export_feed(reading.services, extra={"sample_data": True, "notice": SAMPLE_NOTICE})
    assert shipped == json.loads(json.dumps(built)), "run `pathway-bot services build`"


def test_every_service_shown_to_families_has_a_way_in_with_its_source(area, names):
    shipped = json.loads((area.directory / DEFAULT_SERVICES_FILE).read_text(encoding="utf-8"))
    services = read_feed(shipped, names).services
    for_families = [s for s in services if s.audiences & {FAMILIES, YOUNG_PEOPLE}]
    assert for_families
    for service in for_families:
        assert service.has_way_in, service.name
        assert service.source and service.source.startswith("http"), service.name
        assert service.source_quote and service.last_verified, service.name
        digits = "".join(c for c in service.source_quote if c.isdigit())
        for phone in service.all_phones:
            assert "".join(c for c in phone.number if c.isdigit()) in digits, service.name
        if service.email:
            assert service.email.lower() in service.source_quote.lower(), service.name


def test_a_number_missing_from_the_quote_is_refused(names):
    problems = check_record(good_record(phones=["0800 765 4321"]), names)
    assert problems == ["phone 0800 765 4321: not in source_quote"]


def test_an_email_missing_from_the_quote_is_refused(names):
    problems = check_record(good_record(email="help@example.org"), names)
    assert problems == ["email help@example.org: not in source_quote"]


def test_a_web_address_must_be_the_source_page_or_quoted(names):
    assert check_record(good_record(url="https://example.org/contact"), names) == []
    assert check_record(good_record(url="https://elsewhere.example"), names) == [
        "url https://elsewhere.example: must be the source page or appear in source_quote"]


def test_a_service_with_no_way_in_is_refused(names):
    problems = check_record(good_record(phones=[]), names)
    assert problems[0].startswith("no way in")


def test_support_reached_through_someone_says_who_to_ask(names):
    assert check_record(good_record(phones=[], ask="senco"), names) == []
    assert check_record(good_record(phones=[], ask="the moon"), names) == [
        "ask: not one of senco, school, gp, health_visitor, allocations_group"]


def test_a_record_without_its_source_page_quote_or_date_is_refused(names):
    for key in ("source", "source_quote", "last_verified"):
        assert check_record(good_record(**{key: None}), names) == [f"{key}: is required"]


def test_services_withheld_for_want_of_a_way_in_are_listed_with_the_reason(reading):
    assert reading.withheld and all(item["reason"] for item in reading.withheld)


def test_the_local_offer_covers_every_need_area_district_and_age(reading, area):
    from pathway_bot.assessment.profile import NEED_AREAS

    services = reading.services
    assert {n for s in services for n in s.needs} == set(NEED_AREAS)
    assert {d for s in services for d in s.districts} == set(area.district_ids)
    for age in range(26):
        assert any(s.covers_age(age) and s.audiences & {FAMILIES} for s in services), age


def test_the_shipped_feed_reads_back_and_exports_unchanged(area, names):
    shipped = json.loads((area.directory / DEFAULT_SERVICES_FILE).read_text(encoding="utf-8"))
    reading = read_feed(shipped, names)
    assert reading.problems == []
    again = export_feed(reading.services, extra={"sample_data": True, "notice": SAMPLE_NOTICE})
    assert json.loads(json.dumps(again)) == shipped
