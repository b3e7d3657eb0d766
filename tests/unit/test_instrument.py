"""The questions a family answers say more: "not sure", something else, what changed, and
the facts that steer signposting, all as data in the flows."""

from __future__ import annotations

import pytest

from pathway_bot.conversations.safety_check import answer_checked
from pathway_bot.engine.safety_check import SAFETY_CHECK
from pathway_bot.safety import load_safety_net
from tests.unit.conftest import FLOWS_DIR


def walk(engine, answers: dict):
    """Answer each question asked from `answers`, until one is asked that is not there."""
    result = engine.start()
    while result.step is not None and result.snapshot.state in answers:
        question = result.snapshot.state
        result = engine.answer(result.snapshot, question, answers[question])
    return result


FAMILY = {"harm": False, "age": 10, "postcode": "GL5 1AA", "self_harm": False,
          "support_tried": "none", "has_ehcp": False, "ehcp_requested": False,
          "own_words": "", "consent": True, "changes": "none", "circumstances": ["none"]}


@pytest.mark.parametrize("flow", ["family", "young_person"])
def test_not_sure_on_a_how_much_question_counts_as_two_and_lists_the_area(engines, flow):
    engine = engines.get(flow)
    answers = {**FAMILY, "age": 17, "trusted_adult": "carry_on",
               "worries": ["health"], "health": "unsure"}
    result = walk(engine, answers)
    assert result.ending == "outcome"
    assert result.profile["needs"]["health"] == 2
    assert result.profile["unsure_needs"] == ["health"]


def test_none_of_these_asks_what_it_is_in_their_own_words(engines):
    engine = engines.get("family")
    result = walk(engine, {**FAMILY, "worries": ["none"]})
    assert result.snapshot.state == "something_else"
    assert result.step.question.type == "text"


def test_something_else_in_their_own_words_goes_through_the_safety_net(engines):
    engine = engines.get("family")
    net = load_safety_net(FLOWS_DIR / "area" / "safety_lexicon.yaml")
    result = walk(engine, {**FAMILY, "worries": ["none"]})
    held = answer_checked(engine, net, result.snapshot, "something_else",
                          "Her dad hits her when he is angry.")
    assert held.snapshot.state == SAFETY_CHECK


def test_a_worry_chosen_does_not_ask_for_something_else(engines):
    engine = engines.get("family")
    result = walk(engine, {**FAMILY, "worries": ["health"]})
    assert result.snapshot.state == "health"
    assert "something_else" not in result.snapshot.path


def test_what_changed_and_the_childs_circumstances_are_in_the_profile(engines):
    engine = engines.get("family")
    result = walk(engine, {**FAMILY, "age": 13, "worries": ["social_emotional_mental_health"],
                           "social_emotional_mental_health": 3, "changes": "months",
                           "circumstances": ["excluded", "bereaved", "care_experienced"]})
    assert result.ending == "outcome"
    assert result.profile["changed"] == "months"
    assert result.profile["circumstances"] == ["excluded", "bereaved", "care_experienced"]


def test_youth_justice_is_not_offered_for_a_young_child(engines):
    engine = engines.get("family")
    answers = {**FAMILY, "age": 6, "worries": ["health"], "health": 1}
    del answers["circumstances"]
    result = walk(engine, answers)
    assert result.snapshot.state == "circumstances"
    offered = {option.value for option in result.step.options}
    assert "youth_justice" not in offered and "bereaved" in offered


def test_an_ehc_needs_assessment_asked_for_is_asked_only_without_a_plan(engines):
    engine = engines.get("family")
    result = walk(engine, {**FAMILY, "worries": ["health"], "health": 3,
                           "ehcp_requested": True})
    assert result.profile["ehcp_requested"] is True
    with_plan = walk(engine, {**FAMILY, "worries": ["health"], "health": 3, "has_ehcp": True})
    assert "ehcp_requested" not in with_plan.snapshot.path
