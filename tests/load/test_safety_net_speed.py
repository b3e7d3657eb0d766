"""The safety net notices harm in a 2,000-character answer within 200 µs at the 99th
percentile (issue 12), timed as bench/safety.py times it: worst-case, everyday and
text-speak answers, with and without harm at the end.

Timed in processor time (this thread's, not the wall clock's, which on shared cores also
counts other programs' turns), and for each answer the quickest of its rounds: what the
slowest answers cost in themselves. A busy machine can still spoil one run, so the net has a
few tries to show it: a net that is too slow fails them all.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from pathway_bot import PROJECT_ROOT
from pathway_bot.safety import load_safety_net

TRIES = 5
ROUNDS = 5
ANSWERS = 100


def the_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("safety_bench",
                                                  PROJECT_ROOT / "bench" / "safety.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


@pytest.mark.load
def test_a_long_answer_is_read_within_200_microseconds_at_the_99th_percentile():
    bench = the_bench()
    net = load_safety_net(bench.LEXICON)
    answers = bench.make_answers(ANSWERS)
    slowest: list[float] = []
    for _ in range(TRIES):
        samples = bench.time_all({"now": net}, answers, ROUNDS)
        slowest.append(max(bench.p99(bench.quickest(processor, ANSWERS // 2))
                           for _, processor in samples.values()))
        if slowest[-1] <= bench.TARGET_P99_US:
            break
    print(f"\nsafety net: p99 of each answer's quickest scan, slowest case {slowest[-1]:.0f} µs "
          f"(tries: {', '.join(f'{p:.0f}' for p in slowest)}; target {bench.TARGET_P99_US})")
    assert min(slowest) <= bench.TARGET_P99_US


@pytest.mark.load
def test_the_timed_answers_are_found_as_the_labelled_set_says():
    # The answers timed are the ones meant: each ending in harm is noticed, and the harmless
    # ones made of the labelled set's phrases as written stay quiet.
    bench = the_bench()
    net = load_safety_net(bench.LEXICON)
    for (case, ending), group in bench.make_answers(40).items():
        assert {len(answer) for answer in group} == {bench.ANSWER_LENGTH}
        flagged = [net.scan(answer) is not None for answer in group]
        if ending == "ending in harm":
            assert all(flagged), case
        elif case != "text-speak":  # a misspelt calming word may rightly ring an alarm
            assert not any(flagged), case
