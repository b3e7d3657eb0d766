"""The routes the law gives a family, and the ages on the way to adult life, as area data
with the public page each comes from."""

from __future__ import annotations

import pytest

from pathway_bot.assessment import decide
from pathway_bot.assessment.next_steps import next_steps
from pathway_bot.assessment.profile import NeedsProfile


def profile(**overrides) -> NeedsProfile:
    data = {"age": 9, "respondent": "parent_carer", "district": "stroud",
            "consent_to_share": True, "needs": {"cognition_learning": 2}}
    data.update(overrides)
    return NeedsProfile.from_dict(data)


def codes(rules, area, catalogs, **overrides) -> list[str]:
    decision = decide(profile(**overrides), rules)
    return [step["code"] for step in next_steps(decision, area, catalogs, "en")]


def test_a_plan_in_place_brings_the_annual_review_casework_budget_and_disagreement(
        rules, area, catalogs):
    shown = codes(rules, area, catalogs, has_ehcp=True)
    assert {"annual_review", "sen_casework", "personal_budget", "disagree", "complain"} \
        <= set(shown)
    assert "how_to_ask" not in shown


def test_an_assessment_asked_for_brings_the_timescales_the_right_to_ask_and_help_meanwhile(
        rules, area, catalogs):
    shown = codes(rules, area, catalogs, ehcp_requested=True)
    assert {"how_to_ask", "ask_yourself", "six_weeks", "twenty_weeks", "while_you_wait",
            "disagree", "complain"} <= set(shown)


def test_targeted_support_without_a_plan_says_how_to_ask_for_one(rules, area, catalogs):
    shown = codes(rules, area, catalogs, needs={"health": 4})
    assert {"how_to_ask", "ask_yourself", "six_weeks", "twenty_weeks", "disagree"} <= set(shown)


def test_early_help_with_no_plan_mentions_no_plan_and_so_no_tribunal(rules, area, catalogs):
    assert codes(rules, area, catalogs) == []


def test_every_outcome_that_mentions_a_plan_gives_disagreement_and_complaints(
        rules, area, catalogs, vignette_profiles=None):
    for overrides in ({"has_ehcp": True}, {"ehcp_requested": True}, {"needs": {"health": 4}}):
        decision = decide(profile(**overrides), rules)
        steps = next_steps(decision, area, catalogs, "en")
        if any("plan" in step["text"].lower() for step in steps):
            assert {"disagree", "complain"} <= {step["code"] for step in steps}


@pytest.mark.parametrize(("age", "expected"), [
    (12, set()),
    (13, {"year_nine"}),
    (15, {"own_decisions", "dla_to_pip"}),
    (16, {"own_decisions", "dla_to_pip", "care_act_assessment"}),
    (17, {"care_act_assessment", "adult_services"}),
    (18, {"adult_services"}),
    (20, set()),
])
def test_preparing_for_adulthood_prompts_come_at_the_ages_the_law_names(
        rules, area, catalogs, age, expected):
    decision = decide(profile(age=age), rules)
    shown = {s["code"] for s in next_steps(decision, area, catalogs, "en")
             if s["kind"] == "adulthood"}
    assert shown == expected


def test_a_young_person_is_told_in_their_own_words(rules, area, catalogs):
    decision = decide(profile(age=16, respondent="young_person"), rules)
    texts = {s["code"]: s["text"] for s in next_steps(decision, area, catalogs, "en")}
    assert texts["dla_to_pip"].startswith("If you get DLA")


def test_every_next_step_names_a_public_page_words_there_and_a_date(area, catalogs):
    assert area.next_steps
    for step in area.next_steps:
        assert step.source.startswith(("https://", "http://"))
        assert len(step.source_quote) > 20 and step.last_verified.year >= 2026
        assert catalogs.has(f"next_step.{step.code}")


def test_a_safeguarding_outcome_shows_no_next_steps(rules, area, catalogs):
    decision = decide(profile(risk_of_harm=True, has_ehcp=True), rules)
    assert next_steps(decision, area, catalogs, "en") == []
