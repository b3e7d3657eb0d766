"""The Local Offer each process holds for signposting: the same services a search finds, and
never out of date once the directory changes."""

from dataclasses import replace
from itertools import combinations

import pytest
from sqlalchemy import select

from pathway_bot.assessment import NEED_AREAS, NeedsProfile, decide, load_rules
from pathway_bot.directory.repository import save_services
from pathway_bot.directory.search import ServiceQuery, search_services
from pathway_bot.persistence.models.directory import DirectoryRevision
from tests.directory_support import create_service

DISTRICTS = (None, "stroud", "forest_of_dean", "cheltenham")
AGES = (None, 0, 4, 11, 17, 25, 30)
NEED_CHOICES = ((), *((need,) for need in NEED_AREAS), *combinations(NEED_AREAS[:4], 2),
                tuple(NEED_AREAS))


def _searched(runtime, query: ServiceQuery) -> list[str]:
    with runtime.database.session() as session:
        return [s.id for s in search_services(session, replace(query, size=500)).services]


def test_the_held_services_match_what_a_search_finds_for_every_filter(runtime):
    offer = runtime.local_offer.current()
    assert offer.services
    for district in DISTRICTS:
        for age in AGES:
            for needs in NEED_CHOICES:
                query = ServiceQuery(needs=needs, age=age, district=district)
                assert [s.id for s in offer.matching(query)] == _searched(runtime, query), query


def test_words_and_inactive_services_are_for_the_database_to_search(runtime):
    offer = runtime.local_offer.current()
    for query in (ServiceQuery(q="autism"), ServiceQuery(active_only=False),
                  ServiceQuery(tiers=("targeted",))):
        with pytest.raises(ValueError):
            offer.matching(query)


def _young_carer_outcome(runtime):
    profile = NeedsProfile.from_dict({
        "age": 12, "respondent": "parent_carer", "district": "stroud",
        "needs": {"caring_responsibilities": 2}, "support_tried": "universal",
        "progress_with_support": True, "has_ehcp": False, "risk_of_harm": False,
        "consent_to_share": True})
    return decide(profile, load_rules(runtime.config.flows_dir / "rules.yaml"))


def _save(runtime, *services) -> None:
    with runtime.database.session() as session:
        save_services(session, services)
        session.commit()


def test_a_service_added_while_running_is_signposted_at_the_next_outcome(runtime):
    decision = _young_carer_outcome(runtime)
    before = runtime.signposting.signpost(decision, "en")
    new = create_service(name="Aardvark young carers club", needs=("caring_responsibilities",),
                         tiers=("early_help", "early_intervention"), min_age=8, max_age=16)
    _save(runtime, new)

    after = runtime.signposting.signpost(decision, "en")
    assert new.name not in [card["name"] for card in before.services]
    assert new.name in [card["name"] for card in after.services]


def test_a_service_that_closes_is_no_longer_signposted(runtime):
    decision = _young_carer_outcome(runtime)
    shown = runtime.signposting.signpost(decision, "en").services[0]
    closed = next(s for s in runtime.local_offer.current().services if s.id == shown["id"])
    _save(runtime, replace(closed, status="inactive"))

    after = runtime.signposting.signpost(decision, "en").services
    assert shown["id"] not in [card["id"] for card in after]


def test_every_change_to_the_services_moves_the_revision_on(runtime):
    with runtime.database.session() as session:
        before = session.scalar(select(DirectoryRevision.revision))
        save_services(session, [create_service()])
        session.commit()
        assert session.scalar(select(DirectoryRevision.revision)) == before + 1


def test_with_no_revision_to_go_by_the_services_are_read_every_time(runtime):
    held = runtime.local_offer.current()
    with runtime.database.session() as session:
        session.query(DirectoryRevision).delete()
        session.commit()
    assert runtime.local_offer.current() is not held
    assert runtime.local_offer.current().services == held.services
