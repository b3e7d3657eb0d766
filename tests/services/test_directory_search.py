"""Search with every filter, and with the spelling slips families make."""

import pytest

from pathway_bot.directory.oruk_export import service_to_oruk
from pathway_bot.directory.search import ServiceQuery, search_services
from tests.directory_support import create_service


@pytest.fixture
def session(runtime):
    with runtime.database.session() as db:
        yield db


def names(session, **query) -> list[str]:
    return [s.name for s in search_services(session, ServiceQuery(size=100, **query)).services]


def test_search_finds_dyslexia_help_despite_a_typo(session):
    page = search_services(session, ServiceQuery(q="dyslexa"))
    assert page.total > 0
    assert page.corrections == {"dyslexa": ("dyslexia",)}
    assert all("cognition_learning" in s.needs for s in page.services)


def test_search_finds_autism_help_despite_a_typo(session):
    found = names(session, q="autisim")
    assert "Short breaks in Tewkesbury and the North Cotswolds (Neurodiversity Hub Glos)" in found


def test_search_forgives_swapped_letters_in_a_longer_word(session):
    assert "Kooth online counselling" in names(session, q="counsleling")


def test_search_by_part_of_a_word_finds_the_whole_word(session):
    assert "Adult speech and language therapy" in names(session, q="speec")


def test_search_for_nonsense_finds_nothing(session):
    assert search_services(session, ServiceQuery(q="qzxqzx")).total == 0


def test_every_word_searched_for_must_match(session):
    found = names(session, q="young carers college")
    assert "Young adult carers support" in found
    assert "Gloucestershire Young Carers" not in found  # says nothing of college


def test_filter_by_need(session):
    services = search_services(session, ServiceQuery(needs=("caring_responsibilities",),
                                                      size=100)).services
    assert services and all("caring_responsibilities" in s.needs for s in services)


def test_filter_by_tier(session):
    services = search_services(session, ServiceQuery(tiers=("targeted",), size=100)).services
    assert services and all("targeted" in s.tiers for s in services)


def test_filter_by_age(session):
    services = search_services(session, ServiceQuery(age=2, size=100)).services
    assert services and all(s.covers_age(2) for s in services)
    assert "Youth Justice Service" not in {s.name for s in services}


def test_filter_by_district(session):
    hubs = [n for n in names(session, district="stroud", q="family hub") if "Family Hub" in n]
    assert hubs == ["Family Hub and Children and Family Centres: Stroud"]


def test_filters_and_words_combine(session):
    services = search_services(session, ServiceQuery(
        q="speech", needs=("communication_interaction",), age=4, district="gloucester",
        tiers=("early_help",), size=100)).services
    assert services
    for service in services:
        assert service.covers_age(4) and "gloucester" in service.districts
        assert "early_help" in service.tiers


def test_inactive_services_are_not_found(session, runtime):
    closed = create_service(name="Closed reading club", status="defunct")
    runtime.directory.import_feed(session, [service_to_oruk(closed)])
    session.commit()
    assert "Closed reading club" not in names(session, q="reading")


def test_pages_hold_every_result_once(session):
    first = search_services(session, ServiceQuery(size=10, page=1))
    second = search_services(session, ServiceQuery(size=10, page=2))
    assert first.total == second.total >= 40
    assert not {s.id for s in first.services} & {s.id for s in second.services}


def test_an_imported_service_is_found_by_its_new_words(session, runtime):
    runtime.directory.import_feed(session,
                                  [service_to_oruk(create_service(name="Makaton signing club"))])
    session.commit()
    assert names(session, q="makaton") == ["Makaton signing club"]
    assert names(session, q="makatn") == ["Makaton signing club"]
