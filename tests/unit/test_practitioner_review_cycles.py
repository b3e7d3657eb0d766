"""The practitioner's answers count: assess-plan-do-review cycles without enough progress
bring the graduated approach's next step (an EHC needs assessment can be considered) and a
reason that names it, never a different level; and "not sure yet" on how much a need gets in
the way counts as level 2, as it does for families."""

from __future__ import annotations

import pytest

from pathway_bot.assessment import NeedsProfile, decide
from pathway_bot.assessment.next_steps import next_steps
from pathway_bot.assessment.profile import NEED_AREAS
from pathway_bot.assessment.rules import parse_rules
from pathway_bot.errors import FlowError
from tests.unit.test_instrument import walk


def practitioner(**overrides) -> NeedsProfile:
    data = {"age": 9, "respondent": "practitioner", "district": "stroud",
            "consent_to_share": True,
            "needs": {"cognition_learning": 3, "communication_interaction": 3},
            "support_tried": "early_intervention", "progress_with_support": False,
            "review_cycles": 3}
    data.update(overrides)
    return NeedsProfile.from_dict(data)


def step_codes(decision, area, catalogs) -> list[str]:
    return [step["code"] for step in next_steps(decision, area, catalogs, "en")]


def sentences(decision, catalogs) -> list[str]:
    return [reason.render(catalogs.text, "en") for reason in decision.reasons]


@pytest.mark.parametrize("cycles", [None, 0, 1, 2, 3, 20])
@pytest.mark.parametrize(("needs", "tried", "progress"), [
    ({"cognition_learning": 3, "communication_interaction": 3}, "early_intervention", False),
    ({"social_emotional_mental_health": 2}, "universal", False),
    ({"health": 3}, "early_intervention", True),
    ({"health": 2}, "targeted", False),
])
def test_review_cycles_never_change_the_level_of_need(rules, cycles, needs, tried, progress):
    without = decide(practitioner(needs=needs, support_tried=tried,
                                  progress_with_support=progress, review_cycles=None), rules)
    counted = decide(practitioner(needs=needs, support_tried=tried,
                                  progress_with_support=progress, review_cycles=cycles), rules)
    assert (counted.tier, counted.tier_level, counted.eligible) == \
        (without.tier, without.tier_level, without.eligible)


@pytest.mark.parametrize("cycles", [2, 3, 20])
def test_two_or_more_cycles_without_progress_suggest_asking_for_an_ehc_needs_assessment(
        rules, area, catalogs, cycles):
    decision = decide(practitioner(review_cycles=cycles), rules)
    assert "graduated_approach" in step_codes(decision, area, catalogs)
    said = sentences(decision, catalogs)
    assert f"You said help at school was tried and checked {cycles} times." in " ".join(said)
    assert any("EHC needs assessment" in sentence for sentence in said)


@pytest.mark.parametrize("overrides", [
    {"review_cycles": 1},
    {"review_cycles": 0},
    {"review_cycles": None},
    {"progress_with_support": True},
    {"progress_with_support": None},
    {"has_ehcp": True},
], ids=["one cycle", "no cycles", "not asked", "progress made", "progress not known",
        "plan in place"])
def test_the_graduated_approach_is_not_suggested_when_it_does_not_apply(
        rules, area, catalogs, overrides):
    decision = decide(practitioner(**overrides), rules)
    assert "graduated_approach" not in step_codes(decision, area, catalogs)
    assert not any("checked" in s and "times" in s for s in sentences(decision, catalogs))


def test_a_practitioner_reads_the_graduated_approach_in_the_pathways_own_terms(
        rules, area, catalogs):
    for respondent, words in (("practitioner", "assess-plan-do-review"),
                              ("parent_carer", "The school or the family can ask the council")):
        decision = decide(practitioner(respondent=respondent), rules)
        step = next(s for s in next_steps(decision, area, catalogs, "en")
                    if s["code"] == "graduated_approach")
        assert words in step["text"]
        assert step["source"].startswith("https://")


def test_the_graduated_approach_step_quotes_its_public_source(area):
    step = next(s for s in area.next_steps if s.code == "graduated_approach")
    assert "should consider requesting an Education, Health and Care (EHC) needs assessment" \
        in step.source_quote
    assert step.kind == "statutory" and step.last_verified.year == 2026


def test_the_welsh_words_fill_the_number_of_cycles(rules, catalogs):
    decision = decide(practitioner(review_cycles=4), rules)
    welsh = [reason.render(catalogs.text, "cy") for reason in decision.reasons]
    assert any("4 gwaith" in sentence for sentence in welsh)


def test_a_said_when_rule_with_a_broken_condition_is_refused_as_the_rules_load(rules):
    import yaml

    from pathway_bot import PROJECT_ROOT
    data = yaml.safe_load((PROJECT_ROOT / "flows" / "rules.yaml").read_text())
    data["said_when"] = [{"when": {"profile": "review_cycles", "nearly": 2},
                          "reason": "reason.review_cycles.no_progress"}]
    with pytest.raises(FlowError):
        parse_rules(data)


def test_every_said_when_reason_is_a_message_the_catalogs_hold(rules, catalogs):
    assert rules.said_when
    for said in rules.said_when:
        assert said.reason in rules.message_ids()
        assert catalogs.has(said.reason)


PRACTITIONER = {"harm": False, "role": "senco", "setting": "school", "age": 9,
                "postcode": "GL5 1AA", "self_harm": False, "support_tried": "universal",
                "review_cycles": 2, "progress": "no", "has_ehcp": False, "consent": True,
                "lead_professional": True, "concern": ""}


def test_the_practitioner_flow_records_its_review_cycles_in_the_profile(engines):
    result = walk(engines.get("practitioner"),
                  {**PRACTITIONER, "worries": ["health"], "health": 2})
    assert result.ending == "outcome"
    assert result.profile["review_cycles"] == 2


def test_every_how_much_question_offers_practitioners_not_sure_yet(engines):
    flow = engines.get("practitioner").flow
    for area_id in NEED_AREAS:
        options = [(o.value, o.label) for o in flow.questions[area_id].options]
        assert ("unsure", "practitioner.scale.impact.unsure") in options


@pytest.mark.parametrize(("unsure", "tier"), [
    (["health"], "early_help"),
    (["health", "cognition_learning"], "early_intervention"),
])
def test_a_practitioner_not_sure_counts_as_two_and_lists_the_area(engines, rules, unsure,
                                                                    tier):
    answers = {**PRACTITIONER, "support_tried": "none", "worries": unsure,
               **{area_id: "unsure" for area_id in unsure}}
    result = walk(engines.get("practitioner"), answers)
    assert result.ending == "outcome"
    assert result.profile["needs"] == {area_id: 2 for area_id in unsure}
    assert sorted(result.profile["unsure_needs"]) == sorted(unsure)
    assert decide(NeedsProfile.from_dict(result.profile), rules).tier == tier


def test_a_practitioner_who_is_sure_lists_no_unsure_areas(engines):
    result = walk(engines.get("practitioner"),
                  {**PRACTITIONER, "worries": ["health"], "health": 3})
    assert result.profile["needs"]["health"] == 3
    assert not result.profile.get("unsure_needs")
