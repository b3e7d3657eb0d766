"""Import and export against the database: all or nothing, updates not duplicates."""

import json

import pytest
from sqlalchemy import func, select

from pathway_bot.directory.importing import FeedRejected
from pathway_bot.directory.oruk_export import export_feed, service_to_oruk
from pathway_bot.directory.repository import all_services, count_services, get_service
from pathway_bot.directory.taxonomy import TIERS
from pathway_bot.persistence.models.directory import DirectoryTaxonomyTerm
from tests.directory_support import create_service, example, needs_oruk, schema_errors


@pytest.fixture
def session(runtime):
    with runtime.database.session() as db:
        yield db


def test_the_default_sample_data_covers_every_need_tier_age_and_district(session, runtime):
    services = all_services(session, runtime.area.district_ids)
    assert len(services) >= 40  # every one with a public source; see local_offer.yaml
    assert {n for s in services for n in s.needs} == set(runtime_need_areas())
    assert {t for s in services for t in s.tiers} == set(TIERS)
    assert {d for s in services for d in s.districts} == set(runtime.area.district_ids)
    for age in range(26):
        assert any(s.covers_age(age) for s in services), age


def runtime_need_areas():
    from pathway_bot.assessment.profile import NEED_AREAS

    return NEED_AREAS


def test_the_default_sample_data_invents_no_addresses_and_says_where_each_came_from(session):
    for service in all_services(session):
        assert service.locations == ()
        assert service.last_verified is not None and service.source.startswith("http")
        assert service.source_quote


def test_export_then_import_changes_nothing_and_duplicates_nothing(session, runtime):
    before = export_feed(all_services(session, runtime.area.district_ids))
    result = runtime.directory.import_feed(session, json.loads(json.dumps(before)))
    session.commit()
    assert (result.created, result.updated) == (0, len(before["contents"]))
    after = export_feed(all_services(session, runtime.area.district_ids))
    for old, new in zip(before["contents"], after["contents"], strict=True):
        old.pop("last_modified", None), new.pop("last_modified", None)
        assert old == new


def test_reimporting_a_changed_service_updates_it_in_place(session, runtime):
    service = create_service(name="Old name")
    runtime.directory.import_feed(session, [service_to_oruk(service)])
    changed = service_to_oruk(create_service(id=service.id, name="New name", max_age=16))
    result = runtime.directory.import_feed(session, [changed])
    session.commit()
    assert (result.created, result.updated) == (0, 1)
    stored = get_service(session, service.id)
    assert (stored.name, stored.max_age) == ("New name", 16)


def test_a_bad_feed_is_rejected_whole_and_nothing_is_imported(session, runtime):
    before = count_services(session)
    good, bad = service_to_oruk(create_service()), service_to_oruk(create_service())
    bad["minimum_age"] = -3
    bad["status"] = "maybe"
    with pytest.raises(FeedRejected) as rejected:
        runtime.directory.import_feed(session, {"contents": [good, bad]})
    session.rollback()
    assert len(rejected.value.errors["feed"]) == 2
    assert count_services(session) == before


def test_terms_shared_by_services_are_stored_once(session, runtime):
    runtime.directory.import_feed(session, [service_to_oruk(create_service()),
                                   service_to_oruk(create_service())])
    session.commit()
    query = select(func.count()).select_from(DirectoryTaxonomyTerm).where(
        DirectoryTaxonomyTerm.code == "cognition_learning")
    assert session.scalar(query) == 1


@needs_oruk
def test_the_synthetic_oruk_examples_import_cleanly(session, runtime):
    for name in ("service_full", "service_list"):
        runtime.directory.import_feed(session, example(name))
    session.commit()
    stored = get_service(session, example("service_full")["id"])
    assert stored.name == "Community Counselling"
    assert schema_errors("service", service_to_oruk(stored)) == []


def test_the_services_command_exports_and_imports_a_file(runner, tmp_path, config, monkeypatch):
    monkeypatch.setenv("PATHWAY_DATABASE_URL", config.database_url)
    target = tmp_path / "feed.json"
    exported = runner.invoke(args=["pathway-bot", "services", "export", "-o", str(target)])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(args=["pathway-bot", "services", "import", str(target)])
    assert imported.exit_code == 0 and "0 new" in imported.output


def test_the_services_command_lists_every_problem_of_a_bad_file(runner, tmp_path, config,
                                                                 monkeypatch):
    monkeypatch.setenv("PATHWAY_DATABASE_URL", config.database_url)
    target = tmp_path / "bad.json"
    target.write_text(json.dumps({"contents": [{"id": "x"}]}))
    result = runner.invoke(args=["pathway-bot", "services", "import", str(target)])
    assert result.exit_code != 0
    assert "contents[0].id" in result.output and "contents[0].name" in result.output
