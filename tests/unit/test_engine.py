"""The engine: turns over a shared machine, as a person walks a flow."""

from __future__ import annotations

import pytest

from pathway_bot.assessment import NeedsProfile, decide
from pathway_bot.engine import Snapshot
from pathway_bot.errors import (
    ConversationFinished,
    InvalidAnswer,
    NotCurrentQuestion,
    NothingToGoBackTo,
)
from tests.support.scripted import scripted_answer
from tests.unit.conftest import VIGNETTES


def walk(engine, profile: dict):
    result = engine.start()
    while result.step is not None:
        question = result.step.question
        result = engine.answer(result.snapshot, question.id, scripted_answer(question, profile))
    return result


def asked(engine, profile: dict) -> list[str]:
    return [qid for qid in walk(engine, profile).snapshot.path]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["story"][:50])
def test_walking_a_vignette_through_its_flow_gives_the_expected_outcome(vignette, engines,
                                                                        rules):
    flow = engines.registry.flow_for_respondent(vignette["profile"]["respondent"])
    engine = engines.get(flow.name)
    result = walk(engine, vignette["profile"])
    decision = decide(NeedsProfile.from_dict(result.profile), rules)
    expected = vignette["expected"]
    assert (decision.outcome, decision.tier, decision.eligible) == (
        expected["outcome"], expected["tier"], expected["eligible"])


def test_the_same_vignette_walked_by_a_practitioner_reaches_the_same_tier(engines, rules):
    for vignette in VIGNETTES:
        profile = {**vignette["profile"], "respondent": "practitioner"}
        result = walk(engines.get("practitioner"), profile)
        assert decide(NeedsProfile.from_dict(result.profile), rules).tier == \
            vignette["expected"]["tier"]


def test_one_machine_is_built_per_flow_version_and_shared(engines):
    assert engines.get("family") is engines.get("family")
    assert engines.get("family").machine.models == []


def test_only_chosen_areas_are_followed_up(engines):
    profile = {"age": 9, "district": "stroud", "needs": {"health": 2}}
    path = asked(engines.get("family"), profile)
    assert "health" in path
    assert "cognition_learning" not in path and "communication_interaction" not in path


def test_preparing_for_adulthood_is_offered_from_14_only(engines):
    engine = engines.get("family")
    for age, offered in ((13, False), (14, True)):
        snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
        snapshot = engine.answer(snapshot, "age", age).snapshot
        snapshot = engine.answer(snapshot, "postcode", "GL5 1AA").snapshot
        values = [o.value for o in engine.step(snapshot).options]
        assert ("preparing_for_adulthood" in values) is offered


def test_under_fives_are_asked_about_development_not_school_learning(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 3).snapshot
    snapshot = engine.answer(snapshot, "postcode", "GL5 1AA").snapshot
    labels = [o.label for o in engine.step(snapshot).options]
    assert "family.worries.development" in labels
    assert "family.worries.cognition_learning" not in labels


def test_a_known_postcode_finds_the_district_without_asking(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 7).snapshot
    result = engine.answer(snapshot, "postcode", "gl5 1aa")
    assert result.step.question.id == "worries"
    assert engine.profile(result.snapshot)["district"] == "stroud"
    assert engine.profile(result.snapshot)["postcode"] == "GL5 1AA"


def test_a_postcode_on_a_district_boundary_asks_which_district(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 7).snapshot
    assert engine.answer(snapshot, "postcode", "GL2 4AA").step.question.id == "district"


def test_a_postcode_outside_the_county_is_refused_with_a_pointer_to_their_council(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 7).snapshot
    with pytest.raises(InvalidAnswer) as error:
        engine.answer(snapshot, "postcode", "BS1 4DJ")
    assert error.value.message_id == "error.postcode_outside"
    assert "find-local-council" in error.value.params["url"]


def test_yes_to_the_harm_question_ends_in_safeguarding_at_once(engines):
    engine = engines.get("family")
    result = engine.answer(engine.start().snapshot, "harm", True)
    assert result.ending == "safeguarding"
    assert result.profile["risk_of_harm"] is True


def test_harm_can_be_reported_at_any_question(engines):
    engine = engines.get("young_person")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 17).snapshot
    result = engine.report_harm(snapshot)
    assert result.ending == "safeguarding"
    assert result.profile["risk_of_harm"] is True


def test_back_after_reporting_harm_returns_to_the_open_question(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    back = engine.back(engine.report_harm(snapshot).snapshot)
    assert back.step.question.id == "age"
    assert engine.profile(back.snapshot)["risk_of_harm"] is False


def test_over_25_ends_at_once_out_of_scope(engines, rules):
    engine = engines.get("young_person")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    result = engine.answer(snapshot, "age", 30)
    assert result.ending == "outcome"
    assert decide(NeedsProfile.from_dict(result.profile), rules).outcome == "out_of_scope"


def test_under_16s_asking_for_themselves_are_told_about_a_trusted_adult_and_not_asked_consent(
        engines):
    path = asked(engines.get("young_person"),
                 {"age": 15, "district": "stroud", "needs": {"health": 3}})
    assert "trusted_adult" in path and "consent" not in path


@pytest.mark.parametrize(("question", "answer"), [
    ("harm", "maybe"), ("harm", None), ("harm", 1),
])
def test_invalid_answers_raise_a_typed_error_and_change_nothing(engines, question, answer):
    engine = engines.get("family")
    start = engine.start().snapshot
    with pytest.raises(InvalidAnswer) as error:
        engine.answer(start, question, answer)
    assert error.value.question_id == "harm"
    assert engine.step(start).question.id == "harm"
    assert start.path == () and dict(start.answers) == {}


@pytest.mark.parametrize("age", [-1, "seven", 7.5, True, 121])
def test_ages_that_are_not_whole_numbers_in_range_are_refused(engines, age):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    with pytest.raises(InvalidAnswer):
        engine.answer(snapshot, "age", age)


def test_none_of_these_cannot_be_chosen_with_other_worries(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 9).snapshot
    snapshot = engine.answer(snapshot, "postcode", None).snapshot
    snapshot = engine.answer(snapshot, "district", "stroud").snapshot
    with pytest.raises(InvalidAnswer):
        engine.answer(snapshot, "worries", ["health", "none"])


def test_answering_a_question_that_is_not_current_is_refused(engines):
    engine = engines.get("family")
    with pytest.raises(NotCurrentQuestion):
        engine.answer(engine.start().snapshot, "age", 7)


def test_a_finished_conversation_takes_no_more_answers(engines):
    engine = engines.get("family")
    finished = engine.answer(engine.start().snapshot, "harm", True).snapshot
    with pytest.raises(ConversationFinished):
        engine.answer(finished, "age", 7)


def test_back_on_the_first_question_is_refused(engines):
    engine = engines.get("family")
    with pytest.raises(NothingToGoBackTo):
        engine.back(engine.start().snapshot)


def test_back_keeps_the_answer_to_change(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 7).snapshot
    back = engine.back(snapshot)
    assert back.step.question.id == "age"
    assert back.step.kept_answer == 7


def test_changing_an_answer_drops_later_answers_that_no_longer_apply(engines):
    engine = engines.get("family")
    profile = {"age": 9, "district": "stroud", "needs": {"health": 3, "cognition_learning": 2},
               "consent_to_share": True}
    finished = walk(engine, profile).snapshot
    snapshot = finished
    while snapshot.state != "worries":
        snapshot = engine.back(snapshot).snapshot
    snapshot = engine.answer(snapshot, "worries", ["health"]).snapshot
    while not snapshot.finished:
        question = engine.step(snapshot).question
        kept = snapshot.answers.get(question.id)
        snapshot = engine.answer(snapshot, question.id, kept).snapshot
    assert "cognition_learning" not in snapshot.answers
    assert engine.profile(snapshot)["needs"] == {"health": 3}


def test_restart_begins_again_with_nothing_kept(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    result = engine.restart(snapshot)
    assert result.step.question.id == "harm" and dict(result.snapshot.answers) == {}


def test_a_snapshot_survives_storage_exactly(engines):
    engine = engines.get("family")
    snapshot = engine.answer(engine.start().snapshot, "harm", False).snapshot
    snapshot = engine.answer(snapshot, "age", 7).snapshot
    assert Snapshot.from_json(snapshot.to_json()) == snapshot


def test_progress_counts_answers_and_estimates_what_is_left(engines):
    engine = engines.get("family")
    start = engine.start()
    assert start.step.progress.answered == 0
    later = engine.answer(start.snapshot, "harm", False)
    assert later.step.progress.answered == 1
    assert later.step.progress.estimated_total > later.step.progress.answered
