"""Signposting for each public vignette: right age, right district, relevant need."""

import pytest

from pathway_bot.assessment import NEED_AREAS, NeedsProfile, decide, load_rules
from tests.unit.conftest import VIGNETTES


@pytest.fixture
def signposting_for(runtime):
    rules = load_rules(runtime.config.flows_dir / "rules.yaml")

    def build(profile: dict, locale: str = "en"):
        decision = decide(NeedsProfile.from_dict(profile), rules)
        return decision, runtime.signposting.signpost(decision, locale)

    return build


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["story"][:40] for v in VIGNETTES])
def test_signposting_fits_each_public_vignette(signposting_for, runtime, vignette):
    profile = vignette["profile"]
    decision, result = signposting_for(profile)
    if decision.outcome == "safeguarding":
        assert result.services == [] and result.might_not_know == []
        return
    assert result.services, "every outcome signposts something"
    district_name = runtime.catalogs.text(f"district.{profile['district']}")
    told = {area for area in NEED_AREAS if profile["needs"].get(area, 0) > 0}
    for card in result.services + result.might_not_know:
        assert profile["district"] in card["districts"]
        assert card["min_age"] is None or card["min_age"] <= profile["age"]
        assert card["max_age"] is None or profile["age"] <= card["max_age"]
    for card in result.services:
        if decision.outcome == "tier":
            assert told & set(card["needs"]), card["name"]
            assert district_name in card["why"]
        assert card["why"] and card["how_to_access"]


def test_services_a_family_can_contact_themselves_come_first(signposting_for):
    _decision, result = signposting_for(
        {"age": 9, "district": "gloucester", "respondent": "parent_carer",
         "needs": {"caring_responsibilities": 3, "education_participation": 2},
         "consent_to_share": True})
    flags = [card["self_referral"] for card in result.services]
    assert flags == sorted(flags, reverse=True)


def test_why_names_the_need_the_ages_and_the_district(signposting_for):
    _decision, result = signposting_for(
        {"age": 9, "district": "gloucester", "respondent": "parent_carer",
         "needs": {"caring_responsibilities": 3}, "consent_to_share": True})
    young_carers = next(c for c in result.services if c["name"] == "Gloucestershire Young Carers")
    assert young_carers["why"] == ("You told us about looking after someone. They work with "
                                   "ages 5 to 18 in Gloucester.")


def test_a_teenager_hears_about_preparing_for_adulthood(signposting_for):
    _decision, result = signposting_for(
        {"age": 15, "district": "stroud", "respondent": "parent_carer",
         "needs": {"social_emotional_mental_health": 2}})
    assert "preparing_for_adulthood" in {c["kind"] for c in result.might_not_know}


def test_a_young_child_is_not_told_about_preparing_for_adulthood(signposting_for):
    _decision, result = signposting_for(
        {"age": 6, "district": "stroud", "respondent": "parent_carer",
         "needs": {"social_emotional_mental_health": 2}})
    assert "preparing_for_adulthood" not in {c["kind"] for c in result.might_not_know}


def test_allocations_group_services_appear_only_when_a_request_can_be_made(signposting_for):
    profile = {"age": 12, "district": "stroud", "respondent": "parent_carer",
               "needs": {"family_circumstances": 4}, "consent_to_share": False}
    _decision, without_consent = signposting_for(profile)
    assert not any("Families First Plus" in c["name"] for c in without_consent.services)


def test_over_25_is_pointed_to_adult_services(signposting_for):
    decision, result = signposting_for(
        {"age": 30, "district": "gloucester", "respondent": "young_person",
         "needs": {"cognition_learning": 2}})
    assert decision.outcome == "out_of_scope"
    assert result.services[0]["name"] == "Adult social care"
    assert all(c["max_age"] is None for c in result.services)


def test_every_need_told_gets_a_service_before_any_need_gets_a_second(client):
    """Anxiety and falling attendance: help for school attendance is offered, not only six
    services for worry."""
    profile = {"age": 12, "district": "stroud", "respondent": "parent_carer",
               "needs": {"social_emotional_mental_health": 3, "education_participation": 2},
               "consent_to_share": True}
    services = client.post("/api/v1/assessments", json=profile).get_json()["services"]
    assert any("education_participation" in s["needs"] for s in services)
    assert any("social_emotional_mental_health" in s["needs"] for s in services)
