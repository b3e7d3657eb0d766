"""Property-based walks through every flow: people answer anything, in any order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathway_bot.engine import FlowEngine, Snapshot
from pathway_bot.errors import InvalidAnswer, NothingToGoBackTo

FLOWS = ["family", "young_person", "practitioner"]
MAX_TURNS = 200
ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.text(max_size=12),
                     st.lists(st.text(max_size=8), max_size=3))


def valid_answer(data, step):
    question = step.question
    values = [option.value for option in step.options]
    if question.type == "single":
        return data.draw(st.sampled_from(values))
    if question.type == "multi":
        plain = [v for v, o in zip(values, step.options, strict=True) if not o.exclusive]
        return data.draw(st.lists(st.sampled_from(plain), min_size=1, unique=True))
    if question.type == "yes_no":
        return data.draw(st.booleans())
    if question.type == "number":
        top = 30 if question.id == "age" else question.max
        return data.draw(st.integers(question.min or 0, top))
    if question.type == "postcode":
        return data.draw(st.sampled_from([None, "GL5 1AA", "gl50 1aa", "GL2 4AA", "GL14 2AB"]))
    return data.draw(st.text(max_size=40))


@pytest.mark.parametrize("flow", FLOWS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_walk_ends_in_an_outcome_and_only_ever_raises_the_typed_error(engines, flow, data):
    engine = engines.get(flow)
    result = engine.start()
    for _turn in range(MAX_TURNS):
        if result.step is None:
            break
        snapshot = result.snapshot
        assert Snapshot.from_json(snapshot.to_json()) == snapshot
        # Progress comes from a cache: it must match working it out afresh.
        assert result.step.progress == FlowEngine(engine.flow, engine.area).progress(snapshot)
        move = data.draw(st.sampled_from(["answer"] * 8 + ["junk", "back", "harm"]))
        if move == "junk":
            try:
                result = engine.answer(snapshot, snapshot.state, data.draw(ANYTHING))
            except InvalidAnswer as error:
                assert error.question_id == snapshot.state
        elif move == "back":
            try:
                result = engine.back(snapshot)
            except NothingToGoBackTo:
                assert snapshot.path == ()
        elif move == "harm" and data.draw(st.integers(0, 9)) == 0:
            result = engine.report_harm(snapshot)
        else:
            result = engine.answer(snapshot, snapshot.state, valid_answer(data, result.step))
    assert result.step is None, "the walk did not end within the turn limit"
    assert result.ending in ("outcome", "safeguarding")
    restored = Snapshot.from_json(result.snapshot.to_json())
    assert engine.profile(restored) == result.profile


@pytest.mark.parametrize("flow", FLOWS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_going_back_then_forward_with_the_same_answers_gives_the_same_outcome(engines, flow,
                                                                             data):
    engine = engines.get(flow)
    result = engine.start()
    while result.step is not None:
        result = engine.answer(result.snapshot, result.snapshot.state,
                               valid_answer(data, result.step))
    finished = result
    steps_back = data.draw(st.integers(1, max(1, len(finished.snapshot.path))))
    snapshot = finished.snapshot
    for _ in range(min(steps_back, len(snapshot.path))):
        snapshot = engine.back(snapshot).snapshot
    while not snapshot.finished:
        snapshot = engine.answer(snapshot, snapshot.state, snapshot.answers[snapshot.state]
                                 ).snapshot
    assert snapshot == finished.snapshot
    assert engine.profile(snapshot) == finished.profile
