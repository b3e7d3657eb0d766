"""The decision of SPEC section 4, driven by the rules in flows/rules.yaml."""

from __future__ import annotations

import pytest

from pathway_bot.assessment import NeedsProfile, decide
from tests.unit.conftest import VIGNETTES


def profile(**overrides) -> NeedsProfile:
    data = {"age": 9, "respondent": "parent_carer", "district": "stroud",
            "consent_to_share": True, "needs": {}}
    data.update(overrides)
    return NeedsProfile.from_dict(data)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:50])
def test_every_public_vignette_gets_its_expected_outcome(vignette, rules):
    decision = decide(NeedsProfile.from_dict(vignette["profile"]), rules)
    expected = vignette["expected"]
    assert (decision.outcome, decision.tier, decision.eligible) == (
        expected["outcome"], expected["tier"], expected["eligible"])


def test_a_child_with_no_needs_is_offered_universal_help(rules):
    decision = decide(profile(), rules)
    assert (decision.tier, decision.tier_level, decision.eligible) == ("universal", 1, False)


@pytest.mark.parametrize(("needs", "tier"), [
    ({"health": 4}, "targeted"),
    ({"health": 3, "cognition_learning": 3}, "targeted"),
    ({"health": 3}, "early_intervention"),
    ({"health": 2, "cognition_learning": 2}, "early_intervention"),
    ({"health": 2}, "early_help"),
    ({"health": 1, "cognition_learning": 1}, "early_help"),
    ({"health": 1}, "universal"),
])
def test_tier_follows_the_thresholds(needs, tier, rules):
    assert decide(profile(needs=needs), rules).tier == tier


def test_help_in_place_without_progress_steps_up_one_level(rules):
    decision = decide(profile(needs={"health": 2}, support_tried="early_help",
                              progress_with_support=False), rules)
    assert decision.tier == "early_intervention"
    assert "reason.step_up" in [r.message_id for r in decision.reasons]


def test_no_step_up_when_progress_is_unknown_or_good(rules):
    for progress in (None, True):
        decision = decide(profile(needs={"health": 2}, support_tried="targeted",
                                  progress_with_support=progress), rules)
        assert decision.tier == "early_help"


def test_step_up_never_goes_above_targeted(rules):
    decision = decide(profile(needs={"health": 4}, support_tried="targeted",
                              progress_with_support=False), rules)
    assert (decision.tier, decision.tier_level) == ("targeted", 4)


def test_harm_overrides_everything_and_queues_no_request(rules):
    decision = decide(profile(needs={"health": 4}, risk_of_harm=True), rules)
    assert (decision.outcome, decision.tier, decision.eligible) == ("safeguarding", None, False)


def test_over_25_is_out_of_scope(rules):
    assert decide(profile(age=26), rules).outcome == "out_of_scope"


def test_young_person_under_16_is_pointed_to_a_trusted_adult(rules):
    decision = decide(profile(respondent="young_person", age=15, needs={"health": 4}), rules)
    assert not decision.eligible
    assert decision.eligibility_reason.message_id == "reason.request.young_person_under_age"


def test_no_consent_means_no_request(rules):
    decision = decide(profile(needs={"health": 4}, consent_to_share=False), rules)
    assert not decision.eligible


def test_reasons_read_as_plain_sentences(rules, catalogs):
    decision = decide(profile(needs={"social_emotional_mental_health": 3}), rules)
    sentences = [r.render(catalogs.text, "en") for r in decision.reasons]
    assert sentences[0] == ("You told us about feelings, behaviour and mental health. "
                            "You said it gets in the way a lot.")
    assert sentences[1] == ("One need gets in the way \"a lot\". "
                            "That means level 3: early intervention.")
    assert all("%(" not in s and "reason." not in s for s in sentences)


def test_an_area_they_were_not_sure_about_is_counted_at_two_and_the_reason_says_so(
        rules, catalogs):
    decision = decide(profile(needs={"health": 2}, unsure_needs=("health",)), rules)
    assert decision.tier == "early_help"
    sentences = [r.render(catalogs.text, "en") for r in decision.reasons]
    assert sentences[0] == ("You told us about health. You were not sure how much it gets in "
                            "the way. So we counted it as \"quite a lot\".")


def test_two_areas_they_were_not_sure_about_point_to_early_intervention(rules):
    decision = decide(profile(needs={"health": 2, "cognition_learning": 2},
                              unsure_needs=("health", "cognition_learning")), rules)
    assert decision.tier == "early_intervention"
