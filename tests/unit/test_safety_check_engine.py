"""The safety check in the pure engine: held, answered, gone back to, and what it fills."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pathway_bot.assessment import NeedsProfile, decide
from pathway_bot.engine import Snapshot
from pathway_bot.engine.safety_check import SAFETY_CHECK, with_safety_check
from pathway_bot.errors import NotCurrentQuestion
from tests.support.scripted import scripted_answer
from tests.web.helpers import ELIGIBLE


def at_own_words(engine, profile=ELIGIBLE, words_question="own_words"):
    result = engine.start()
    while result.step.question.id != words_question:
        question = result.step.question
        result = engine.answer(result.snapshot, question.id, scripted_answer(question, profile))
    return result


def held(engine, kinds=("harm",)):
    answered = engine.answer(at_own_words(engine).snapshot, "own_words", "words")
    return engine.hold_for_safety_check(answered, kinds)


def test_a_held_check_asks_in_the_words_for_what_was_noticed(engines):
    engine = engines.get("family")
    for kinds, text in ((("harm",), "safety_check.harm.text"),
                        (("self_harm",), "safety_check.self_harm.text")):
        step = held(engine, kinds).step
        assert step.question.id == SAFETY_CHECK and step.question.text == text
        assert step.help.kind == kinds[0] and step.help.age == 12


def test_harm_with_self_harm_among_the_kinds_asks_about_harm_and_keeps_both(engines):
    step = held(engines.get("family"), ("harm", "self_harm")).step
    assert step.help.kind == "harm" and step.help.kinds == ("harm", "self_harm")


def test_the_held_check_survives_storage_and_counts_in_progress(engines):
    engine = engines.get("family")
    result = held(engine)
    assert Snapshot.from_json(result.snapshot.to_json()) == result.snapshot
    progress = result.step.progress
    assert progress.estimated_total == progress.answered + 2  # the check, then consent


def test_only_the_check_can_be_answered_while_it_is_held(engines):
    engine = engines.get("family")
    with pytest.raises(NotCurrentQuestion):
        engine.answer(held(engine).snapshot, "consent", True)


def test_yes_to_harm_ends_in_safeguarding_from_the_profile(engines, rules):
    engine = engines.get("family")
    ended = engine.answer(held(engine).snapshot, SAFETY_CHECK, True)
    assert ended.ending == "safeguarding" and ended.profile["risk_of_harm"] is True
    assert decide(NeedsProfile.from_dict(ended.profile), rules).outcome == "safeguarding"


def test_yes_to_self_harm_fills_the_profile_and_goes_on_with_help(engines):
    engine = engines.get("family")
    result = engine.answer(held(engine, ("self_harm",)).snapshot, SAFETY_CHECK, True)
    assert result.step.question.id == "consent" and result.step.help.kind == "self_harm"
    ended = engine.answer(result.snapshot, "consent", True)
    assert ended.profile["self_harm"] is True and ended.profile["risk_of_harm"] is False
    assert ended.snapshot.answers_on_path()[SAFETY_CHECK] is True


def test_no_goes_on_where_the_questions_were_going(engines):
    engine = engines.get("family")
    result = engine.answer(held(engine).snapshot, SAFETY_CHECK, False)
    assert result.step.question.id == "consent" and result.step.help is None


def test_a_check_after_the_last_question_holds_the_outcome_until_answered(engines):
    engine = engines.get("practitioner")
    result = at_own_words(engine, {**ELIGIBLE, "respondent": "practitioner"}, "concern")
    answered = engine.answer(result.snapshot, "concern", "words")
    assert answered.ending == "outcome"
    checked = engine.hold_for_safety_check(answered, ("harm",))
    assert checked.ending is None and checked.step.question.id == SAFETY_CHECK
    assert engine.answer(checked.snapshot, SAFETY_CHECK, False).ending == "outcome"


def test_back_from_the_check_returns_to_the_words_to_change_them(engines):
    engine = engines.get("family")
    back = engine.back(held(engine).snapshot)
    assert back.step.question.id == "own_words" and back.step.kept_answer == "words"


def test_a_flow_without_free_text_has_no_safety_check(engines):
    for name in ("family", "young_person", "practitioner"):
        assert SAFETY_CHECK in engines.get(name).flow.questions
    flow = engines.get("family").flow
    no_text = {qid: q for qid, q in flow.questions.items()
               if q.type != "text" and qid != SAFETY_CHECK}
    assert SAFETY_CHECK not in with_safety_check(replace(flow, questions=no_text)).questions
