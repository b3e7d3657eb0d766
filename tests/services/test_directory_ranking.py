"""Ranking that fits the child: audience first, then eligibility, then need and level, then
local before national; crisis lines only when self-harm is told, and for the child's age."""

import pytest

from pathway_bot.assessment import NeedsProfile, decide, load_rules


@pytest.fixture
def signpost(runtime):
    rules = load_rules(runtime.config.flows_dir / "rules.yaml")

    def build(locale="en", **profile):
        profile = {"district": "stroud", "respondent": "parent_carer",
                   "consent_to_share": True, **profile}
        decision = decide(NeedsProfile.from_dict(profile), rules)
        result = runtime.signposting.signpost(decision, locale)
        return [c["name"] for c in result.services], result

    return build


def test_an_anxious_nine_year_old_is_not_shown_samaritans_or_practitioner_lines(signpost):
    names, result = signpost(age=9, needs={"social_emotional_mental_health": 3})
    assert names and not any("Samaritans" in n or "practitioner" in n.lower() for n in names)
    assert all(c["phones"] or c["email"] or c["url"] or c["ask"] for c in result.services)


def test_self_harm_brings_childline_for_a_child_and_samaritans_only_from_eighteen(signpost):
    child, _ = signpost(age=12, needs={"social_emotional_mental_health": 3}, self_harm=True)
    assert "Childline" in child[:2] and "Samaritans" not in child
    adult, _ = signpost(age=20, respondent="young_person",
                        needs={"social_emotional_mental_health": 3}, self_harm=True)
    assert "Samaritans" in adult and "Childline" not in adult


def test_crisis_lines_are_not_shown_when_nothing_calls_for_them(signpost):
    names, _ = signpost(age=15, needs={"social_emotional_mental_health": 4})
    assert not {"Childline", "Samaritans", "Shout 85258 (crisis text line)"} & set(names)


def test_a_young_person_asking_for_themselves_is_not_sent_to_a_parents_chat(signpost):
    names, result = signpost(age=22, respondent="young_person",
                             needs={"social_emotional_mental_health": 2,
                                    "preparing_for_adulthood": 2})
    cards = result.services + result.might_not_know
    assert names and "TiC+ parent and carer online chat" not in [c["name"] for c in cards]


def test_severe_learning_needs_at_eight_lead_with_school_support_not_mediation(signpost):
    names, _ = signpost(age=8, needs={"cognition_learning": 4})
    assert names[0] != "Mediation, disagreement resolution and the SEND Tribunal: a guide"
    assert any("SENCo" in n or "EHC" in n for n in names[:3])


def test_money_worries_at_home_bring_money_advice_not_drug_services(signpost):
    names, _ = signpost(age=6, needs={"family_circumstances": 3})
    assert any(n in names for n in ("Citizens Advice Adviceline", "Carer's Allowance",
                                    "Disability Living Allowance (DLA) for children")) or \
        any("Family Hub" in n for n in names)


def test_why_names_the_answer_the_family_gave_in_their_words(signpost):
    _names, result = signpost(age=9, needs={"caring_responsibilities": 3})
    young_carers = next(c for c in result.services if c["name"] == "Gloucestershire Young Carers")
    assert young_carers["why"] == ("You told us about looking after someone at home (a big "
                                   "effect on daily life). They work with children and young "
                                   "people aged 8 to 17 in Stroud.")


def test_welsh_outcome_keeps_service_words_marked_english(signpost):
    _names, result = signpost(locale="cy", age=9, needs={"caring_responsibilities": 3})
    card = result.services[0]
    assert card["why"].startswith("Fe ddywedoch chi wrthym") and card["text_lang"] == "en"


def test_local_services_come_before_national_ones_that_fit_as_well(runtime):
    from datetime import date

    from pathway_bot.directory.local_offer import ActiveServices
    from pathway_bot.directory.local_offer_source import to_service
    from pathway_bot.directory.signposting import _ranked

    names = runtime.directory.area_names()
    record = {"organisation": "A charity", "description": "Help.", "url": "https://e.org",
              "source": "https://e.org", "source_quote": "Help.",
              "last_verified": date(2026, 12, 1), "audience": ["families"],
              "needs": ["health"], "tiers": ["early_help"], "access": ["self_referral"]}
    national = to_service({**record, "id": "a-national", "name": "A national line",
                           "reach": "national"}, names)
    local = to_service({**record, "id": "z-local", "name": "Z local team"}, names)
    rules = load_rules(runtime.config.flows_dir / "rules.yaml")
    decision = decide(NeedsProfile.from_dict(
        {"age": 5, "district": "stroud", "respondent": "parent_carer",
         "needs": {"health": 2}}), rules)
    ranked = _ranked(ActiveServices(1, (national, local)), decision)
    assert [s.name for s in ranked] == ["Z local team", "A national line"]


def test_sample_services_carry_the_sample_flag_for_the_notice(signpost):
    _names, result = signpost(age=9, needs={"social_emotional_mental_health": 2})
    assert all(c["sample"] for c in result.services)


def test_a_practitioner_is_shown_the_practitioner_advice_line(signpost):
    names, _ = signpost(age=12, respondent="practitioner",
                        needs={"social_emotional_mental_health": 4})
    assert any("practitioner advice line" in n for n in names)
